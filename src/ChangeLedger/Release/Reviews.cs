using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>
/// Which reviews count. Only decisions on the head commit; only acceptances recorded after the last rejection
/// or revision request on that commit; one per reviewer; and never a reviewer who is not independent of the
/// change (segregation of duties). A review carried over from a commit with the head's patch-id (CarryOver.cs) counts
/// as one on the head.
/// </summary>
public sealed record Reviews(IReadOnlyList<ReviewRecord> Approvals, IReadOnlyList<(ReviewRecord Review, string Why)> Excluded)
{
    public string Explanation => Excluded.Count == 0
        ? ""
        : " Not counted: " + string.Join("; ", Excluded.Select(x => $"{x.Review.Reviewer} ({x.Why})")) + ".";

    public static Reviews Counting(Change change, Evidence evidence, bool requireVerified = false)
    {
        var onHead = evidence.Reviews.Where(r => r.Commit == change.HeadCommit || r.CarriedOverFrom is not null).OrderBy(r => r.Version).ToList();
        var lastObjection = onHead.LastOrDefault(r => r.Decision is ReviewDecision.Rejected or ReviewDecision.RevisionRequested or ReviewDecision.SplitRequested);
        var approvals = new List<ReviewRecord>();
        var excluded = new List<(ReviewRecord, string)>();
        foreach (var review in onHead.Where(r => r.Decision == ReviewDecision.Accepted))
        {
            if (NotIndependent(change, review.Reviewer) is { } why) excluded.Add((review, why));
            else if (review.VerifiedAs is not null && review.VerifiedAs == change.ProposedAs)
                excluded.Add((review, "proposed the change: the same signed-in identity"));
            else if (requireVerified && review.Assurance != DecideReview.Verified)
                excluded.Add((review, "asserted, not verified: the policy counts only reviews recorded by the reviewer signed in"));
            else if (lastObjection is not null && review.Version < lastObjection.Version)
                excluded.Add((review, $"superseded by {lastObjection.Reviewer}'s {Wire.Snake(lastObjection.Decision)} at version {lastObjection.Version}"));
            else if (approvals.All(a => !Same(a.Reviewer, review.Reviewer))) approvals.Add(review);
        }
        foreach (var stale in evidence.Reviews.Where(r => r.Commit != change.HeadCommit && r.CarriedOverFrom is null && r.Decision == ReviewDecision.Accepted))
            excluded.Add((stale, $"accepted {stale.Commit}, not the head commit"));
        return new Reviews(approvals, excluded);
    }

    /// <summary>Null when the reviewer is independent; otherwise why not.</summary>
    public static string? NotIndependent(Change change, string reviewer) =>
        Same(reviewer, change.Origin.Tool) ? "the generating tool is never a reviewer"
        : Same(reviewer, change.Owner) ? "the owner"
        : Same(reviewer, change.SubmittedBy) ? "the submitter"
        : Same(reviewer, change.Origin.RequestedBy) ? "requested the generation"
        : null;

    // Identities are compared without regard to case: "Alice" and "alice" are one person to an auditor.
    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
