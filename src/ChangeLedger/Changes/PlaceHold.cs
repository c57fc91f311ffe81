using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/holds — something must delay release. The hold id is the client's or a new UUIDv7.</summary>
public static class PlaceHold
{
    public static Validation Validate(PlaceHoldRequest r) =>
        Validation.ForWrite(r)
            .Required("kind", r.Kind)
            .Required("reason", r.Reason, Validation.Text)
            .Required("placedBy", r.PlacedBy)
            .Rule(r.HoldId is null || ChangeId.Check(r.HoldId) is null, "holdId",
                "A hold id has 1–128 characters of letters, digits and . _ : @ + -, starting with a letter or digit.");

    public static Decision Decide(Change? change, string changeId, PlaceHoldRequest r, string holdId, DateTimeOffset now)
    {
        if (Guards.Exists(change, changeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanPlaceHold, "holds no longer apply to it") is { } refused) return refused;
        if (change!.OpenHolds.Any(h => h.HoldId == holdId) || change.LiftedHoldIds.Contains(holdId))
            return Problem.Conflict("hold-exists", "The hold id is taken", $"Change '{changeId}' already has a hold '{holdId}'; hold ids are never reused.");
        var occurredAt = r.OccurredAt ?? now;
        if (r.ExpiresAt is { } expires && expires <= occurredAt)
            return Problem.Invalid(new Dictionary<string, string[]> { ["expiresAt"] = ["'expiresAt' lies after the moment the hold is placed."] });
        return Decision.Of(new HoldPlaced(changeId, holdId, r.Kind!.Value, r.Reason!, r.PlacedBy!, r.ExpiresAt, occurredAt));
    }

    public static Task<WriteOutcome> Outcome(LedgerWriter writer, ClaimsPrincipal user, string changeId, PlaceHoldRequest body, CancellationToken ct)
    {
        // Chosen once per request, outside the decision, so a retry of the same request (same eventId)
        // is answered from its receipt with the hold id first assigned.
        var holdId = body.HoldId ?? Guid.CreateVersion7().ToString();
        return writer.Outcome(user, changeId, "place-hold", body, Validate, (c, id, r, now) => Decide(c, id, r, holdId, now), ct,
            command => command with { Respond = (result, _) => (StatusCodes.Status201Created, result with { HoldId = holdId }) });
    }

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/holds", async (string changeId, PlaceHoldRequest body, LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
                (await Outcome(writer, user, changeId, body, ct)).ToResult())
            .Describe("PlaceHold", "Place a hold that blocks release (HoldPlaced)", Permissions.PlaceHold);
}
