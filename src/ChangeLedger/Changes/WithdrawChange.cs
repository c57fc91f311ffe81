using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/withdrawal — abandoned by its owner.</summary>
public static class WithdrawChange
{
    public static Validation Validate(WithdrawChangeRequest r) =>
        Validation.ForWrite(r)
            .Required("by", r.By)
            .Required("reason", r.Reason, Validation.Text);

    public static Decision Decide(Change? change, string changeId, WithdrawChangeRequest r, DateTimeOffset now)
    {
        if (Guards.Exists(change, changeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanWithdraw, "it can no longer be withdrawn") is { } refused) return refused;
        return Decision.Of(new ChangeWithdrawn(changeId, r.By!, r.Reason!, r.OccurredAt ?? now));
    }

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/withdrawal", (string changeId, WithdrawChangeRequest body, LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
                writer.Write(user, changeId, "withdraw", body, Validate, Decide, ct))
            .Describe("WithdrawChange", "Withdraw the change (ChangeWithdrawn)", Permissions.Record);
}
