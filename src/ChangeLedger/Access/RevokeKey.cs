using System.Security.Claims;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Access;

/// <summary>DELETE /v1/access/keys/{keyId}?reason= — revoke a key. It fails from its next request on.</summary>
public static class RevokeKey
{
    public static void Map(RouteGroupBuilder keys) =>
        keys.MapDelete("/{keyId}", async (string keyId, string? reason, ClaimsPrincipal user, IDocumentSession session, KeyCache cache, TimeProvider clock, CancellationToken ct) =>
            {
                if (new Validation().Optional("reason", reason, Validation.Text) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                var stream = await session.Events.FetchForWriting<ApiKey>(ApiKey.StreamKey(keyId), ct);
                if (stream.Aggregate is not { } key || !IssueKey.Manages(user, key))
                    return Problems.Result(new Problem(404, "unknown-key", "Unknown key", $"No key '{keyId}' was ever issued."));
                if (key.RevokedAt is not null)
                    return Results.Ok(IssueKey.Info(key));
                stream.AppendOne(new ApiKeyRevoked(keyId, user.RecordedBy(), reason ?? "revoked", clock.GetUtcNow()));
                session.LastModifiedBy = user.RecordedBy();
                KeyCache.Announce(session, keyId);
                await session.SaveChangesAsync(ct);
                cache.Forget(keyId);
                return Results.Ok(IssueKey.Info((await session.LoadAsync<ApiKey>(ApiKey.StreamKey(keyId), ct))!));
            })
            .WithName("RevokeKey").WithSummary("Revoke an API key (ApiKeyRevoked)")
            .Produces<KeyInfo>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
}
