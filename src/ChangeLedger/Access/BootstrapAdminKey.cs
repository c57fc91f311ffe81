using Marten;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Access;

/// <summary>
/// Makes the configured bootstrap key exist at startup: the root key, with every role on every repository, from
/// which narrower keys are issued. Its issue is an event like any other. A revoked bootstrap key is not brought
/// back: revocation wins, and the service refuses to start until a new one is configured.
/// </summary>
public sealed class BootstrapAdminKey(IDocumentStore store, IOptions<AccessOptions> access, TimeProvider clock, ILogger<BootstrapAdminKey> log) : IHostedService
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

        await using var session = store.LightweightSession();
        var existing = await session.LoadAsync<ApiKey>(ApiKey.StreamKey(key.KeyId), ct);
        if (existing is not null)
        {
            if (!key.Matches(existing.SecretHash))
                throw new InvalidOperationException($"Access:BootstrapAdminKey names key {key.KeyId}, which exists with another secret.");
            if (existing.RevokedAt is not null)
                throw new InvalidOperationException($"The bootstrap key {key.KeyId} was revoked; configure a new Access:BootstrapAdminKey.");
            return;
        }
        session.Events.StartStream<ApiKey>(ApiKey.StreamKey(key.KeyId),
            new ApiKeyIssued(key.KeyId, "bootstrap admin", Roles.All, ["*"], key.Hash(), "bootstrap", null, clock.GetUtcNow()));
        session.LastModifiedBy = "bootstrap";
        await session.SaveChangesAsync(ct);
        log.LogInformation("Bootstrap admin key {KeyId} issued", key.KeyId);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
