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

    public Task<WriteOutcome> Run(LedgerWriter writer, CancellationToken ct) => Request switch
    {
        ProposeChangeRequest r => writer.Outcome(ChangeId, "propose", r, ProposeChange.Validate, (c, _, x, now) => ProposeChange.Decide(c, x, now), ct),
        ReviseChangeRequest r => writer.Outcome(ChangeId, "revise", r, ReviseChange.Validate, ReviseChange.Decide, ct),
        TransferOwnershipRequest r => writer.Outcome(ChangeId, "transfer-ownership", r, TransferOwnership.Validate, TransferOwnership.Decide, ct),
        RecordValidationRequest r => writer.Outcome(ChangeId, "record-validation", r, RecordValidation.Validate, RecordValidation.Decide, ct),
        DecideReviewRequest r => writer.Outcome(ChangeId, "decide-review", r, DecideReview.Validate, DecideReview.Decide, ct),
        SplitChangeRequest r => SplitChange.Outcome(writer, ChangeId, r, ct),
        PlaceHoldRequest r => PlaceHold.Outcome(writer, ChangeId, r, ct),
        LiftHoldRequest r => LiftHold.Outcome(writer, ChangeId, HoldId!, r, ct),
        WithdrawChangeRequest r => writer.Outcome(ChangeId, "withdraw", r, WithdrawChange.Validate, WithdrawChange.Decide, ct),
        ReleaseChangeRequest r => ReleaseChange.Outcome(writer, ChangeId, r, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(Request), Request.GetType().Name, "No write endpoint takes this request."),
    };
}
