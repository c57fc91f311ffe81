using System.Security.Claims;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Access;

/// <summary>DELETE /v1/access/trust-rules/{ruleId}?reason= — remove a trust rule; tokens it admitted are refused from their next request on.</summary>
public sealed record RemoveTrustRule(string RuleId, string Reason, Caller Caller)
{
    public static void Map(RouteGroupBuilder rules) =>
        rules.MapDelete("/{ruleId}", async (string ruleId, string? reason, ClaimsPrincipal user, Wolverine.IMessageBus bus, CancellationToken ct) =>
            {
                if (SetTrustRule.ValidateId(ruleId).Required("reason", reason, Validation.Text) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                return (await bus.InvokeAsync<WriteOutcome>(new RemoveTrustRule(ruleId, reason!, Caller.Of(user)), CancellationToken.None)).ToResult();
            })
            .WithName("RemoveTrustRule").WithSummary("Remove a trust rule (TrustRuleRemoved); the reason is required")
            .Produces<TrustRuleInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
}

/// <summary>Removes a rule under its stream's lock, ending the web sessions it admitted in the same commit; removing a removed rule answers it as it stands.</summary>
public static class RemoveTrustRuleHandler
{
    public static async Task<WriteOutcome> Handle(RemoveTrustRule command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await AdminStreams.Open<TrustRule>(session, TrustRule.StreamKey(command.RuleId), command.Caller, ct) is not { Aggregate: { } rule } stream)
            return WriteOutcome.Refused(SetTrustRule.Unknown(command.RuleId));
        if (rule.Removed) return new WriteOutcome(StatusCodes.Status200OK, SetTrustRule.Info(rule));
        PageSessions.EndForTrustRule(session, command.RuleId);
        return await AdminStreams.Commit(session, stream, command.Caller, [new TrustRuleRemoved(command.RuleId, command.Caller.RecordedBy, command.Reason, clock.GetUtcNow())],
            SetTrustRule.Info, ct);
    }
}
