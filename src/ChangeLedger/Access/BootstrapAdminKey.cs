using Marten;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Access;

/// <summary>
/// Makes the configured bootstrap key exist at startup: the root key, with every role on every repository, from
/// which narrower keys are issued. Its issue is an event like any other. A revoked bootstrap key is not brought
/// back: revocation wins, and the service refuses to start until a new one is configured.
/// </summary>
public sealed class BootstrapAdminKey(IServiceScopeFactory scopes, IOptions<AccessOptions> access, ILogger<BootstrapAdminKey> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (access.Value.Disabled)
        {
            log.LogWarning("ACCESS CONTROL IS DISABLED (Access:Mode=Disabled). Every caller may do everything, and no key is checked. " +
                           "Use this for local experiments only; never expose this service.");
            return;
        }
        if (access.Value.BootstrapAdminKey is not { Length: > 0 } configured) return;
        if (!KeySecret.TryParse(configured, out var key))
            throw new InvalidOperationException("Access:BootstrapAdminKey is not a key of the form cl_<id>_<secret> (see docs/security.md).");

        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync<bool>(new EnsureBootstrapKey(key.KeyId, key.Hash()), ct))
            log.LogInformation("Bootstrap admin key {KeyId} issued", key.KeyId);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>The configured root key, to exist with every role on every repository. Only its hash travels, never the secret.</summary>
public sealed record EnsureBootstrapKey(string KeyId, string SecretHash);

/// <summary>Issues the root key unless it exists; refuses a key id that exists with another secret, or was revoked.</summary>
public static class EnsureBootstrapKeyHandler
{
    public static async Task<bool> Handle(EnsureBootstrapKey command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = (await AdminStreams.Open<ApiKey>(session, ApiKey.StreamKey(command.KeyId), Bootstrap, ct))!;
        if (stream.Aggregate is { } existing)
        {
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(command.SecretHash), System.Text.Encoding.ASCII.GetBytes(existing.SecretHash)))
                throw new InvalidOperationException($"Access:BootstrapAdminKey names key {command.KeyId}, which exists with another secret.");
            if (existing.RevokedAt is not null)
                throw new InvalidOperationException($"The bootstrap key {command.KeyId} was revoked; configure a new Access:BootstrapAdminKey.");
            return false;
        }
        await AdminStreams.Commit(session, stream, Bootstrap, [new ApiKeyIssued(command.KeyId, "bootstrap admin", Roles.All, ["*"], command.SecretHash, "bootstrap", null, clock.GetUtcNow())],
            key => key, ct);
        return true;
    }

    /// <summary>The ledger issuing its root key: recorded by "bootstrap", authenticated as the system.</summary>
    private static readonly Caller Bootstrap = Caller.System("bootstrap") with { RecordedBy = "bootstrap" };
}
