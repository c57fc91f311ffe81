using System.Security.Claims;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Access;

/// <summary>DELETE /v1/access/trust-rules/{ruleId}?reason= — remove a trust rule; tokens it admitted are refused from their next request on.</summary>
public sealed record RemoveTrustRule(string RuleId, string Reason, Caller Caller) : IStreamWrite<TrustRule>
{
    StreamKind<TrustRule> IStreamWrite<TrustRule>.Kind => SetTrustRule.Writes;
    public string StreamKey => TrustRule.StreamKey(RuleId);
    public Problem Unknown => SetTrustRule.Unknown(RuleId);
    public object Answer(TrustRule rule) => SetTrustRule.Info(rule);

    /// <summary>Removed once; removing a removed rule answers it as it stands.</summary>
    public Decision Decide(TrustRule? current, DateTimeOffset now) =>
        current is null ? Unknown
        : current.Removed ? Decision.Of()
        : Decision.Of(new TrustRuleRemoved(RuleId, Caller.RecordedBy, Reason, now));

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

/// <summary>Removes a rule through the one stream-write path, ending the web sessions it admitted in the same commit.</summary>
public static class RemoveTrustRuleHandler
{
    public static async Task<WriteOutcome> Handle(RemoveTrustRule command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await StreamWrites.Run(command, session, clock, ct);
        if (outcome.Events is { Count: > 0 }) PageSessions.EndForTrustRule(session, command.RuleId);
        return outcome;
    }
}
