using System.Security.Claims;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Access;

/// <summary>DELETE /v1/access/keys/{keyId}?reason= — revoke a key. It fails from its next request on.</summary>
public static class RevokeKey
{
    public static void Map(RouteGroupBuilder keys) =>
        keys.MapDelete("/{keyId}", async (string keyId, string? reason, ClaimsPrincipal user, Wolverine.IMessageBus bus, CancellationToken ct) =>
            {
                if (new Validation().Optional("reason", reason, Validation.Text) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                return (await bus.InvokeAsync<WriteOutcome>(new RevokeKeyCommand(keyId, reason ?? "revoked", Caller.Of(user)), CancellationToken.None)).ToResult();
            })
            .WithName("RevokeKey").WithSummary("Revoke an API key (ApiKeyRevoked)")
            .Produces<KeyInfo>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
}

public sealed record RevokeKeyCommand(string KeyId, string Reason, Caller Caller) : IStreamWrite<ApiKey>
{
    StreamKind<ApiKey> IStreamWrite<ApiKey>.Kind => IssueKey.Writes;
    public string StreamKey => ApiKey.StreamKey(KeyId);
    public Problem Unknown => new(404, "unknown-key", "Unknown key", $"No key '{KeyId}' was ever issued.");
    public object Answer(ApiKey key) => IssueKey.Info(key);

    /// <summary>Revoked once; revoking a revoked key answers it as it stands.</summary>
    public Decision Decide(ApiKey? current, DateTimeOffset now) =>
        current is null ? Unknown
        : current.RevokedAt is not null ? Decision.Of()
        : Decision.Of(new ApiKeyRevoked(KeyId, Caller.RecordedBy, Reason, now));
}

/// <summary>
/// Revokes a key, under its stream's lock. The revocation's NOTIFY commits with it, so every node's key cache drops the
/// key; this node drops it at once. The web sessions the key opened end in the same commit. Revoking a revoked key answers it as it stands.
/// </summary>
public static class RevokeKeyHandler
{
    public static async Task<WriteOutcome> Handle(RevokeKeyCommand command, IDocumentSession session, KeyCache cache, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await StreamWrites.Run(command, session, clock, ct);
        if (outcome.Events is not { Count: > 0 }) return outcome;
        KeyCache.Announce(session, command.KeyId);
        PageSessions.EndForKey(session, command.KeyId);
        // Committed before this node forgets the key, so no request here can cache it again as it was.
        await session.SaveChangesAsync(ct);
        cache.Forget(command.KeyId);
        return outcome;
    }
}
