using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Release;

namespace ChangeLedger.Ingestion;

/// <summary>
/// A write named by the event it records, as a batch item carries it or a CDEvent maps onto it. Each kind runs its
/// endpoint's own Validate/Decide under the endpoint's operation name, so a write means the same however it arrives,
/// and an eventId first sent to an endpoint replays when the same write comes again in a batch.
/// </summary>
public sealed record TypedWrite(string Type, string ChangeId, IWriteRequest Request, string? HoldId = null)
{
    public static readonly IReadOnlyDictionary<string, Type> Kinds = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["change_proposed"] = typeof(ProposeChangeRequest),
        ["change_revised"] = typeof(ReviseChangeRequest),
        ["ownership_transferred"] = typeof(TransferOwnershipRequest),
        ["validation_recorded"] = typeof(RecordValidationRequest),
        ["review_decided"] = typeof(DecideReviewRequest),
        ["change_split"] = typeof(SplitChangeRequest),
        ["hold_placed"] = typeof(PlaceHoldRequest),
        ["hold_lifted"] = typeof(LiftHoldRequest),
        ["change_withdrawn"] = typeof(WithdrawChangeRequest),
        ["change_released"] = typeof(ReleaseChangeRequest),
    };

    /// <summary>The permission each kind needs: the same as its endpoint's, checked per item since one batch may mix kinds.</summary>
    public static readonly IReadOnlyDictionary<string, string> PermissionFor = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["change_proposed"] = Permissions.Propose,
        ["change_revised"] = Permissions.Propose,
        ["ownership_transferred"] = Permissions.Record,
        ["validation_recorded"] = Permissions.Propose,
        ["review_decided"] = Permissions.Decide,
        ["change_split"] = Permissions.Decide,
        ["hold_placed"] = Permissions.PlaceHold,
        ["hold_lifted"] = Permissions.LiftHold,
        ["change_withdrawn"] = Permissions.Record,
        ["change_released"] = Permissions.Ship,
    };

    public Task<WriteOutcome> Run(LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct)
    {
        var permission = PermissionFor[Type];
        if (!Permissions.RolesFor[permission].Any(user.HasRole))
            return Task.FromResult(WriteOutcome.Refused(new Problem(403, "forbidden", "The key's roles do not allow this",
                $"A {Type} needs one of the roles [{string.Join(", ", Permissions.RolesFor[permission])}]; key {user.KeyId()} has none of them.")));
        return Request switch
        {
            ProposeChangeRequest r => ProposeChange.Outcome(writer, user, r, ct),
            ReviseChangeRequest r => writer.Outcome(user, ChangeId, "revise", r, ReviseChange.Validate, ReviseChange.Decide, ct),
            TransferOwnershipRequest r => writer.Outcome(user, ChangeId, "transfer-ownership", r, TransferOwnership.Validate, TransferOwnership.Decide, ct),
            RecordValidationRequest r => writer.Outcome(user, ChangeId, "record-validation", r, RecordValidation.Validate, RecordValidation.Decide, ct),
            DecideReviewRequest r => writer.Outcome(user, ChangeId, "decide-review", r, DecideReview.Validate, DecideReview.Decide, ct),
            SplitChangeRequest r => SplitChange.Outcome(writer, user, ChangeId, r, ct),
            PlaceHoldRequest r => PlaceHold.Outcome(writer, user, ChangeId, r, ct),
            LiftHoldRequest r => LiftHold.Outcome(writer, user, ChangeId, HoldId!, r, ct),
            WithdrawChangeRequest r => writer.Outcome(user, ChangeId, "withdraw", r, WithdrawChange.Validate, WithdrawChange.Decide, ct),
            ReleaseChangeRequest r => ReleaseChange.Outcome(writer, user, ChangeId, r, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(Request), Request.GetType().Name, "No write endpoint takes this request."),
        };
    }
}
