using ChangeLedger.Contracts;

namespace ChangeLedger.Web;

/// <summary>
/// "What proved it", as a grid: a row per check, a column per commit the change has had evidence on (oldest first, the
/// head last), and in each cell the last run of that check on that commit: its outcome, and whether it is stale
/// (on a commit that is no longer the head, and not carried over), with a link to its CI run when one was sent.
/// </summary>
public sealed record EvidenceGrid(IReadOnlyList<string> Commits, string HeadCommit, IReadOnlyList<EvidenceGrid.Row> Rows)
{
    public sealed record Cell(ValidationOutcome Outcome, bool Stale, long Version, string? RunUrl = null);

    public sealed record Row(string Check, IReadOnlyList<Cell?> Cells);

    public static EvidenceGrid Of(Evidence evidence)
    {
        var runs = evidence.Checks.SelectMany(c => c.Runs.Concat(c.StaleRuns)).ToList();
        var commits = runs.OrderBy(r => r.Version).Select(r => r.Commit)
            .Where(c => c != evidence.HeadCommit).Append(evidence.HeadCommit).Distinct(StringComparer.Ordinal).ToList();
        var rows = evidence.Checks.OrderBy(c => c.Check, StringComparer.Ordinal).Select(check =>
        {
            var all = check.Runs.Concat(check.StaleRuns).ToList();
            return new Row(check.Check, [.. commits.Select(commit =>
                all.Where(r => r.Commit == commit).MaxBy(r => r.Version) is { } last ? new Cell(last.Outcome, last.Stale, last.Version, last.RunUrl) : null)]);
        }).ToList();
        return new EvidenceGrid(commits, evidence.HeadCommit, rows);
    }
}
