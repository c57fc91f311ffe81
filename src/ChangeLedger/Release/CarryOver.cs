using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>
/// Evidence that survives a rebase. The evidence projection records which earlier heads share the head's patch-id
/// (the same diff from a new base); where the policy says <c>carryOverOnSamePatchId</c>, their checks and reviews
/// count as current and say where they come from. Pure: the verdict and the evidence view read the same answer.
/// </summary>
public static class CarryOver
{
    public static Evidence Apply(Evidence evidence, ReleasePolicy policy)
    {
        if (!policy.CarryOverOnSamePatchId || evidence.SamePatchIdCommits is not { Count: > 0 } same) return evidence;
        bool Carried(string commit) => commit != evidence.HeadCommit && same.Contains(commit);
        return evidence with
        {
            Checks = [.. evidence.Checks.Select(c =>
            {
                var runs = c.Runs.Select(r => Carried(r.Commit) ? r with { Stale = false, CarriedOverFrom = r.Commit } : r).ToList();
                return c with { Runs = runs, StaleRuns = [.. runs.Where(r => r.Stale)], LatestOnHead = runs.LastOrDefault(r => !r.Stale) };
            })],
            Reviews = [.. evidence.Reviews.Select(r => Carried(r.Commit) ? r with { Stale = false, CarriedOverFrom = r.Commit } : r)],
        };
    }
}
