using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>
/// proposed → in_review → accepted | revision_requested | split | rejected | withdrawn → merged → released.
/// Which statuses each action may start from, and where it leads. Pure; the decisions consult it.
/// </summary>
public static class ChangeStateMachine
{
    private static readonly ChangeStatus[] Open =
        [ChangeStatus.Proposed, ChangeStatus.InReview, ChangeStatus.Accepted, ChangeStatus.RevisionRequested];

    /// <summary>Merged into the target branch: no longer revised, still evidenced, reviewed, held and released.</summary>
    private static readonly ChangeStatus[] OpenOrReleased = [.. Open, ChangeStatus.Merged, ChangeStatus.Released];

    /// <summary>A released change is not revised: new work is a new change.</summary>
    public static bool CanRevise(ChangeStatus s) => Open.Contains(s);

    /// <summary>Post-release checks (smoke tests, canaries) are still evidence.</summary>
    public static bool CanRecordValidation(ChangeStatus s) => OpenOrReleased.Contains(s);

    public static bool CanReview(ChangeStatus s) => OpenOrReleased.Contains(s);

    public static bool CanSplit(ChangeStatus s) => Open.Contains(s);

    public static bool CanWithdraw(ChangeStatus s) => Open.Contains(s);

    /// <summary>A hold on a released change still blocks its release to further environments.</summary>
    public static bool CanPlaceHold(ChangeStatus s) => OpenOrReleased.Contains(s);

    /// <summary>Lifting a hold only ever removes a restriction; it is allowed in every status.</summary>
    public static bool CanLiftHold(ChangeStatus s) => true;

    public static bool CanRelease(ChangeStatus s) => OpenOrReleased.Contains(s);

    /// <summary>A merge is reported by the repository; once merged or released there is nothing left to merge.</summary>
    public static bool CanMerge(ChangeStatus s) => Open.Contains(s);

    /// <summary>A release after the merge keeps the change released; a merge reported late does not undo a release.</summary>
    public static ChangeStatus AfterMerge(ChangeStatus s) => s == ChangeStatus.Released ? s : ChangeStatus.Merged;

    /// <summary>Accountability outlives the workflow: ownership can move in every status.</summary>
    public static bool CanTransferOwnership(ChangeStatus s) => true;

    public static ChangeStatus AfterRevision(ChangeStatus s) => ChangeStatus.InReview;

    public static ChangeStatus AfterValidation(ChangeStatus s) => s == ChangeStatus.Proposed ? ChangeStatus.InReview : s;

    public static ChangeStatus AfterReview(ChangeStatus s, ReviewDecision decision) =>
        s is ChangeStatus.Released or ChangeStatus.Merged
            ? s
            : decision switch
            {
                ReviewDecision.Accepted => ChangeStatus.Accepted,
                ReviewDecision.RevisionRequested => ChangeStatus.RevisionRequested,
                ReviewDecision.Rejected => ChangeStatus.Rejected,
                _ => ChangeStatus.InReview,
            };
}
