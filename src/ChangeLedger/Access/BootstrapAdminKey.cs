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

/// <summary>
/// The configured root key, to exist with every role on every repository. Only its hash travels, never the secret. It
/// is issued unless it exists; a key id that exists with another secret, or was revoked, is refused.
/// </summary>
public sealed record EnsureBootstrapKey(string KeyId, string SecretHash) : IStreamWrite<ApiKey>
{
    /// <summary>The ledger issuing its root key: recorded by "bootstrap", authenticated as the system.</summary>
    public Caller Caller { get; } = Caller.System("bootstrap") with { RecordedBy = "bootstrap" };

    StreamKind<ApiKey> IStreamWrite<ApiKey>.Kind => IssueKey.Writes;
    public string StreamKey => ApiKey.StreamKey(KeyId);
    public Problem Unknown => new(500, "bootstrap-key", "The bootstrap key cannot be issued", $"Key {KeyId} is not visible to the bootstrap.");
    public object Answer(ApiKey key) => IssueKey.Info(key);

    public Decision Decide(ApiKey? current, DateTimeOffset now)
    {
        if (current is null) return Decision.Of(new ApiKeyIssued(KeyId, "bootstrap admin", Roles.All, ["*"], SecretHash, "bootstrap", null, now));
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(SecretHash), System.Text.Encoding.ASCII.GetBytes(current.SecretHash)))
            return new Problem(500, "bootstrap-key", "The bootstrap key cannot be issued", $"Access:BootstrapAdminKey names key {KeyId}, which exists with another secret.");
        if (current.RevokedAt is not null)
            return new Problem(500, "bootstrap-key", "The bootstrap key cannot be issued", $"The bootstrap key {KeyId} was revoked; configure a new Access:BootstrapAdminKey.");
        return Decision.Of();
    }
}

/// <summary>Issues the root key through the one stream-write path; true when it was issued now. A refusal stops the start.</summary>
public static class EnsureBootstrapKeyHandler
{
    public static async Task<bool> Handle(EnsureBootstrapKey command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await StreamWrites.Run(command, session, clock, ct);
        if (outcome.Problem is { } problem) throw new InvalidOperationException(problem.Detail);
        return outcome.Status == StatusCodes.Status201Created;
    }
}
