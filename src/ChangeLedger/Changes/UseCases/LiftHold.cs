using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/holds/{holdId}/lift — a hold no longer applies, and someone says why.</summary>
public sealed record LiftHold(string ChangeId, string HoldId, string LiftedBy, string Justification) : ChangeCommand(ChangeId, Subject: HoldId)
{
    public static readonly WriteKind Spec = WriteKind.Of<LiftHoldRequest>("hold_lifted", "lift-hold", Permissions.LiftHold, Validate,
        (id, holdId, r) => new LiftHold(id, holdId!, r.LiftedBy!, r.Justification!));

    public override WriteKind Kind => Spec;

    public static Validation Validate(LiftHoldRequest r) =>
        Validation.ForWrite(r)
            .Required("liftedBy", r.LiftedBy)
            .Required("justification", r.Justification, Validation.Text);

    public static Decision Decide(Change? change, LiftHold c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (change!.LiftedHoldIds.Contains(c.HoldId))
            return Problem.Conflict("hold-already-lifted", "The hold is already lifted", $"Hold '{c.HoldId}' on change '{c.ChangeId}' was already lifted.");
        if (change.OpenHolds.All(h => h.HoldId != c.HoldId)) return Problem.UnknownHold(c.ChangeId, c.HoldId);
        return Decision.Of(new HoldLifted(c.ChangeId, c.HoldId, c.LiftedBy, c.Justification, c.At(now)));
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/holds/{holdId}/lift", (string changeId, string holdId, LiftHoldRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct, holdId))
            .Describe("LiftHold", "Lift a hold, with a justification (HoldLifted)", Permissions.LiftHold);
}
