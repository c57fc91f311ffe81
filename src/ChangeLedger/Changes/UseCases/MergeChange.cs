using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/merge — the repository merged the change into its target branch (a CDEvent change.merged).</summary>
public sealed record MergeChange(string ChangeId, string MergedBy, string? Commit) : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<MergeChangeRequest>("change_merged", "merge", Permissions.Propose, Validate,
        (id, _, r) => new MergeChange(id, r.MergedBy!, r.Commit));

    public override WriteKind Kind => Spec;

    public static Validation Validate(MergeChangeRequest r) =>
        Validation.ForWrite(r)
            .Required("mergedBy", r.MergedBy)
            .Optional("commit", r.Commit, Validation.Commit);

    public static Decision Decide(Change? change, MergeChange c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanMerge, "it can no longer be merged") is { } refused) return refused;
        return Decision.Of(new ChangeMerged(c.ChangeId, c.MergedBy, c.Commit, c.At(now), Lines(change!)));
    }

    /// <summary>
    /// What the merge puts in, for the accumulation: the head's size and the first verified acceptance of the head (the reviewer's latest
    /// decision on it) by someone other than its owner and submitter; nothing when the head's size is unknown.
    /// </summary>
    public static MergedLines? Lines(Change change)
    {
        if (change.Evidence.Size is not { } size || size.Commit != change.HeadCommit) return null;
        var reviewer = change.Evidence.Reviews.Where(r => !r.Stale).GroupBy(r => r.Reviewer).Select(g => g.Last())
            .FirstOrDefault(r => r is { Decision: ReviewDecision.Accepted, Assurance: DecideReview.Verified } && r.Reviewer != change.Owner && r.Reviewer != change.SubmittedBy)?.Reviewer;
        return new MergedLines(change.Origin.Kind == OriginKind.Generated, size.Size.ChangedLines, reviewer);
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/merge", (string changeId, MergeChangeRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("MergeChange", "Record that the change was merged into its target branch (ChangeMerged)", Permissions.Propose);
}
