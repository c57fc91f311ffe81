using System.Globalization;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>
/// Only where the policy sets a size budget: the head's diff, as its proposal or revision recorded it, is small enough
/// for a person to review (lines added plus removed, files touched, limits per origin). A size not recorded for the
/// head is not taken as small; a change over budget is told to split, and a split's child is measured by its own size.
/// </summary>
public static class WithinSizeBudget
{
    public const string Rule = "within-size-budget";

    public static IEnumerable<VerdictRule> Rules(Change change, Evidence evidence, ReleasePolicy policy)
    {
        if (policy.SizeBudget is not { } budget) yield break;
        var origin = change.Origin.Kind == OriginKind.Generated ? "generated" : "human-written";
        var lineage = Lineage(change.Summary);
        var head = change.HeadCommit;
        if (budget.For(change.Origin.Kind) is not { } limit)
        {
            yield return new(Rule, true, $"The policy sets no size budget for {origin} changes.{lineage}", []);
            yield break;
        }
        if (evidence.Size is not { } recorded || recorded.Commit != head)
        {
            yield return new(Rule, false, $"Size unknown: no diff size is recorded for head {head}, so being within the {origin} budget ({Budget(limit)}) is not shown.{lineage}",
                evidence.Size is { } stale ? [Ref(stale, $"size of {stale.Commit}, not the head")] : []);
            yield break;
        }
        var size = recorded.Size;
        var measured = $"head {head} changes {N(size.ChangedLines)} line(s) (+{N(size.LinesAdded)} -{N(size.LinesRemoved)}) in {N(size.ChangedFiles)} file(s)";
        var over = new List<string>();
        if (limit.MaxChangedLines is { } lines && size.ChangedLines > lines) over.Add($"{N(size.ChangedLines)} lines over the budget of {N(lines)}");
        if (limit.MaxChangedFiles is { } files && size.ChangedFiles > files) over.Add($"{N(size.ChangedFiles)} files over the budget of {N(files)}");
        yield return over.Count == 0
            ? new(Rule, true, $"Within the {origin} budget ({Budget(limit)}): {measured}.{lineage}", [Ref(recorded, measured)])
            : new(Rule, false, $"Split suggested: {measured}; {string.Join(", ", over)} for {origin} changes.{lineage}", [Ref(recorded, measured)]);
    }

    /// <summary>Where the change came from or went: a split's child names its parent, a split parent its children.</summary>
    private static string Lineage(ChangeSummary s) =>
        (s.ParentChangeId is null ? "" : $" Split from {s.ParentChangeId}.") + (s.ChildChangeIds.Count == 0 ? "" : $" Split into {string.Join(", ", s.ChildChangeIds)}.");

    private static string Budget(SizeLimit limit) => string.Join(", ", new[]
    {
        limit.MaxChangedLines is { } l ? $"at most {N(l)} changed lines" : null,
        limit.MaxChangedFiles is { } f ? $"at most {N(f)} files" : null,
    }.OfType<string>());

    private static EventRef Ref(RecordedSize recorded, string detail) => new(recorded.Version, recorded.Version == 1 ? "change_proposed" : "change_revised", detail);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
