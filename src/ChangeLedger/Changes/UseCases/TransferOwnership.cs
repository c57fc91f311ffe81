using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/ownership — the accountable human changes.</summary>
public sealed record TransferOwnership(string ChangeId, string To, string By, string Reason) : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<TransferOwnershipRequest>("ownership_transferred", "transfer-ownership", Permissions.Record, Validate,
        (id, _, r) => new TransferOwnership(id, r.To!, r.By!, r.Reason!));

    public override WriteKind Kind => Spec;

    public static Validation Validate(TransferOwnershipRequest r) =>
        Validation.ForWrite(r)
            .Required("to", r.To)
            .Required("by", r.By)
            .Required("reason", r.Reason, Validation.Text);

    public static Decision Decide(Change? change, TransferOwnership c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (change!.Owner == c.To)
            return Problem.Conflict("already-owner", "Already the owner", $"'{c.To}' already owns change '{c.ChangeId}'; nothing to hand over.");
        return Decision.Of(new OwnershipTransferred(c.ChangeId, change.Owner, c.To, c.By, c.Reason, c.At(now)));
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/ownership", (string changeId, TransferOwnershipRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("TransferOwnership", "Hand the change to another accountable owner (OwnershipTransferred)", Permissions.Record);
}
