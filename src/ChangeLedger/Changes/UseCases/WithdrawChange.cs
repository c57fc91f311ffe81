using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/withdrawal — abandoned by its owner.</summary>
public sealed record WithdrawChange(string ChangeId, string By, string Reason) : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<WithdrawChangeRequest>("change_withdrawn", "withdraw", Permissions.Record, Validate,
        (id, _, r) => new WithdrawChange(id, r.By!, r.Reason!));

    public override WriteKind Kind => Spec;

    public static Validation Validate(WithdrawChangeRequest r) =>
        Validation.ForWrite(r)
            .Required("by", r.By)
            .Required("reason", r.Reason, Validation.Text);

    public static Decision Decide(Change? change, WithdrawChange c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanWithdraw, "it can no longer be withdrawn") is { } refused) return refused;
        return Decision.Of(new ChangeWithdrawn(c.ChangeId, c.By, c.Reason, c.At(now)));
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/withdrawal", (string changeId, WithdrawChangeRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("WithdrawChange", "Withdraw the change (ChangeWithdrawn)", Permissions.Record);
}
