using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/holds/{holdId}/lift — a hold no longer applies, and someone says why.</summary>
public static class LiftHold
{
    public static Validation Validate(LiftHoldRequest r) =>
        Validation.ForWrite(r)
            .Required("liftedBy", r.LiftedBy)
            .Required("justification", r.Justification, Validation.Text);

    public static Decision Decide(Change? change, string changeId, string holdId, LiftHoldRequest r, DateTimeOffset now)
    {
        if (Guards.Exists(change, changeId) is { } missing) return missing;
        if (change!.LiftedHoldIds.Contains(holdId))
            return Problem.Conflict("hold-already-lifted", "The hold is already lifted", $"Hold '{holdId}' on change '{changeId}' was already lifted.");
        if (change.OpenHolds.All(h => h.HoldId != holdId)) return Problem.UnknownHold(changeId, holdId);
        return Decision.Of(new HoldLifted(changeId, holdId, r.LiftedBy!, r.Justification!, r.OccurredAt ?? now));
    }

    public static Task<WriteOutcome> Outcome(LedgerWriter writer, ClaimsPrincipal user, string changeId, string holdId, LiftHoldRequest body, CancellationToken ct) =>
        writer.Outcome(user, changeId, "lift-hold:" + holdId, body, Validate, (c, id, r, now) => Decide(c, id, holdId, r, now), ct);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/holds/{holdId}/lift", async (string changeId, string holdId, LiftHoldRequest body, LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
                (await Outcome(writer, user, changeId, holdId, body, ct)).ToResult())
            .Describe("LiftHold", "Lift a hold, with a justification (HoldLifted)", Permissions.LiftHold);
}
