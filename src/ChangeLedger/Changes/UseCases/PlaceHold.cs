using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/holds — something must delay release. The hold id is the client's or a new UUIDv7.</summary>
public sealed record PlaceHold(string ChangeId, string HoldId, HoldKind HoldKind, string Reason, string PlacedBy, DateTimeOffset? ExpiresAt = null) : ChangeCommand(ChangeId)
{
    // The hold id is chosen once per request, when it is parsed, so a retry of the same request (same eventId)
    // is answered from its receipt with the hold id first assigned.
    public static readonly WriteKind Spec = WriteKind.Of<PlaceHoldRequest>("hold_placed", "place-hold", Permissions.PlaceHold, Validate,
        (id, _, r) => new PlaceHold(id, r.HoldId ?? Guid.CreateVersion7().ToString(), r.Kind!.Value, r.Reason!, r.PlacedBy!, r.ExpiresAt));

    public override WriteKind Kind => Spec;

    public static Validation Validate(PlaceHoldRequest r) =>
        Validation.ForWrite(r)
            .Required("kind", r.Kind)
            .Required("reason", r.Reason, Validation.Text)
            .Required("placedBy", r.PlacedBy)
            .Rule(r.HoldId is null || Ledger.ChangeId.Check(r.HoldId) is null, "holdId",
                "A hold id has 1–128 characters of letters, digits and . _ : @ + -, starting with a letter or digit.");

    public static Decision Decide(Change? change, PlaceHold c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanPlaceHold, "holds no longer apply to it") is { } refused) return refused;
        if (change!.OpenHolds.Any(h => h.HoldId == c.HoldId) || change.LiftedHoldIds.Contains(c.HoldId))
            return Problem.Conflict("hold-exists", "The hold id is taken", $"Change '{c.ChangeId}' already has a hold '{c.HoldId}'; hold ids are never reused.");
        var occurredAt = c.At(now);
        if (c.ExpiresAt is { } expires && expires <= occurredAt)
            return Problem.Invalid(new Dictionary<string, string[]> { ["expiresAt"] = ["'expiresAt' lies after the moment the hold is placed."] });
        // The answer names the hold, whose id the client may not have chosen.
        return Decision.Of(new HoldPlaced(c.ChangeId, c.HoldId, c.HoldKind, c.Reason, c.PlacedBy, c.ExpiresAt, occurredAt)) with
        {
            Answer = (StatusCodes.Status201Created, new WriteResult(c.ChangeId, change.Version + 1, HoldId: c.HoldId)),
        };
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/holds", (string changeId, PlaceHoldRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("PlaceHold", "Place a hold that blocks release (HoldPlaced)", Permissions.PlaceHold);
}
