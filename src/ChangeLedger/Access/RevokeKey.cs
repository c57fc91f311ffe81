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

public sealed record RevokeKeyCommand(string KeyId, string Reason, Caller Caller);

/// <summary>
/// Revokes a key, under its stream's lock. The revocation's NOTIFY commits with it, so every node's key cache drops the
/// key; this node drops it at once. The web sessions the key opened end in the same commit. Revoking a revoked key answers it as it stands.
/// </summary>
public static class RevokeKeyHandler
{
    public static async Task<WriteOutcome> Handle(RevokeKeyCommand command, IDocumentSession session, KeyCache cache, TimeProvider clock, CancellationToken ct)
    {
        if (await AdminStreams.Open<ApiKey>(session, ApiKey.StreamKey(command.KeyId), command.Caller, ct) is not { Aggregate: { } key } stream)
            return WriteOutcome.Refused(new Problem(404, "unknown-key", "Unknown key", $"No key '{command.KeyId}' was ever issued."));
        if (key.RevokedAt is not null) return new WriteOutcome(StatusCodes.Status200OK, IssueKey.Info(key));
        KeyCache.Announce(session, command.KeyId);
        PageSessions.EndForKey(session, command.KeyId);
        var outcome = await AdminStreams.Commit(session, stream, command.Caller, [new ApiKeyRevoked(command.KeyId, command.Caller.RecordedBy, command.Reason, clock.GetUtcNow())],
            IssueKey.Info, ct);
        cache.Forget(command.KeyId);
        return outcome;
    }
}
