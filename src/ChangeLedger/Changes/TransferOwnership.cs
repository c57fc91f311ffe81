using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/ownership — the accountable human changes.</summary>
public static class TransferOwnership
{
    public static Validation Validate(TransferOwnershipRequest r) =>
        Validation.ForWrite(r)
            .Required("to", r.To)
            .Required("by", r.By)
            .Required("reason", r.Reason, Validation.Text);

    public static Decision Decide(Change? change, string changeId, TransferOwnershipRequest r, DateTimeOffset now)
    {
        if (Guards.Exists(change, changeId) is { } missing) return missing;
        if (change!.Owner == r.To)
            return Problem.Conflict("already-owner", "Already the owner", $"'{r.To}' already owns change '{changeId}'; nothing to hand over.");
        return Decision.Of(new OwnershipTransferred(changeId, change.Owner, r.To!, r.By!, r.Reason!, r.OccurredAt ?? now));
    }

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/ownership", (string changeId, TransferOwnershipRequest body, LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
                writer.Write(user, changeId, "transfer-ownership", body, Validate, Decide, ct))
            .Describe("TransferOwnership", "Hand the change to another accountable owner (OwnershipTransferred)", Permissions.Record);
}
