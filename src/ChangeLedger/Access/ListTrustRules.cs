using System.Security.Claims;
using ChangeLedger.Contracts;
using Marten;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Access;

/// <summary>GET /v1/access/trust-rules — the rules the caller manages; GET …/{ruleId}/trail — a rule's whole history.</summary>
public static class ListTrustRules
{
    public static void Map(RouteGroupBuilder rules)
    {
        rules.MapGet("/", async (IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                (await session.Query<TrustRule>().OrderBy(r => r.RuleId).ToListAsync(ct))
                .Where(r => AdminStreams.Manages(user.Scope(), r)).Select(SetTrustRule.Info).ToList())
            .WithName("ListTrustRules").WithSummary("List trust rules, removed ones included")
            .Produces<List<TrustRuleInfo>>()
            .RequireAuthorization(Permissions.Administer);

        rules.MapGet("/{ruleId}/trail", async (string ruleId, IQuerySession session, ClaimsPrincipal user,
                IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
            {
                if (SetTrustRule.ValidateId(ruleId) is { IsValid: false } badId) return Problems.Result(badId.ToProblem());
                var key = TrustRule.StreamKey(ruleId);
                var rule = await session.LoadAsync<TrustRule>(key, ct);
                if (rule is null || !AdminStreams.Manages(user.Scope(), rule)) return Problems.Result(SetTrustRule.Unknown(ruleId));
                var events = await session.Events.FetchStreamAsync(key, token: ct);
                var entries = events.Select(e => LedgerTrail.Entry(e, json.Value.SerializerOptions)).ToList();
                return Results.Ok(new AuditTrail(key, entries[^1].Version, entries));
            })
            .WithName("GetTrustRuleTrail").WithSummary("A trust rule's audit trail: created, changed, removed; who, when, why")
            .Produces<AuditTrail>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
    }
}
