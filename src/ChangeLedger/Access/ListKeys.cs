using System.Security.Claims;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Access;

/// <summary>GET /v1/access/keys — every key with its roles, scopes and state; never a secret or a hash.</summary>
public static class ListKeys
{
    public static void Map(RouteGroupBuilder keys) =>
        keys.MapGet("/", async (IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                (await session.Query<ApiKey>().OrderBy(k => k.IssuedAt).ToListAsync(ct)).Where(k => AdminStreams.Manages(user.Scope(), k)).Select(IssueKey.Info).ToList())
            .WithName("ListKeys").WithSummary("List API keys (no secrets)")
            .Produces<List<KeyInfo>>()
            .RequireAuthorization(Permissions.Administer);
}
