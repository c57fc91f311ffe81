using ChangeLedger.Contracts;
using ChangeLedger.Changes;
using ChangeLedger.Release;

namespace ChangeLedger.Web;

/// <summary>One bar of a chart: its label, its value, and the value as the chart writes it.</summary>
public sealed record Bar(string Label, double Value, string Text);

/// <summary>
/// A chart: what it shows, its unit, and its bars. A split chart is one bar of 100 % divided into its parts (shares of
/// a whole); any other is a column per bar over a scale from zero.
/// </summary>
public sealed record Chart(string Title, string Unit, IReadOnlyList<Bar> Bars, bool Split = false)
{
    /// <summary>The scale's ticks from zero: a round step (1, 2 or 5 times a power of ten), the last at or above the largest value.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var max = Bars.Count == 0 ? 0 : Bars.Max(b => b.Value);
        if (max <= 0) return [0, 1];
        var rough = max / 4;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * power).First(s => s >= rough);
        var count = (int)Math.Ceiling(max / step - 1e-9);
        return [.. Enumerable.Range(0, count + 1).Select(i => i * step)];
    }
}

/// <summary>
/// What a compliance lead looks for in a repository over a period [from, to), computed from the read models alone, with no
/// clock: lead time from proposal to first release (median hours per week of release), the share of generated and human
/// changes proposed, the share of releases with an override, and holds placed per week. Weeks start on Monday, UTC.
/// </summary>
public static class RepositoryCharts
{
    public static IReadOnlyList<Chart> Of(IReadOnlyList<ChangeSummary> changes, IReadOnlyList<ReleaseRecord> records, DateTimeOffset from, DateTimeOffset to)
    {
        var weeks = ReadAccumulation.Weeks(from, to);
        bool In(DateTimeOffset t) => t >= from && t < to;
        var proposedAt = changes.ToDictionary(c => c.ChangeId, c => c.ProposedAt, StringComparer.Ordinal);

        var leadTimes = records
            .Where(r => r.Releases.Count > 0 && proposedAt.ContainsKey(r.Id))
            .Select(r => (Released: r.Releases.Min(x => x.OccurredAt), Hours: (r.Releases.Min(x => x.OccurredAt) - proposedAt[r.Id]).TotalHours))
            .Where(x => In(x.Released)).ToList();
        var leadTime = new Chart("Lead time from proposal to release, median per week of release", "hours", [.. weeks.Select(w =>
            {
                var hours = leadTimes.Where(x => ReadAccumulation.WeekOf(x.Released) == w).Select(x => x.Hours).ToList();
                var median = Median(hours);
                return new Bar(Label(w), median, hours.Count == 0 ? "none" : $"{median:0.#} h ({hours.Count})");
            })]);

        var proposed = changes.Where(c => In(c.ProposedAt)).ToList();
        var origins = new Chart("Changes proposed, generated and human", "% of changes", [.. new[] { OriginKind.Generated, OriginKind.Human }.Select(kind =>
            {
                var n = proposed.Count(c => c.Origin.Kind == kind);
                var share = Share(n, proposed.Count);
                return new Bar(kind == OriginKind.Generated ? "generated" : "human", share, $"{share:0}% ({n} of {proposed.Count})");
            })], Split: true);

        var releases = records.SelectMany(r => r.Releases).Where(r => In(r.OccurredAt)).ToList();
        var overridden = releases.Count(r => r.Override is not null);
        var overrides = new Chart("Releases with an override", "% of releases", [
            new Bar("overridden", Share(overridden, releases.Count), $"{Share(overridden, releases.Count):0}% ({overridden} of {releases.Count})"),
            new Bar("by the rules", Share(releases.Count - overridden, releases.Count), $"{Share(releases.Count - overridden, releases.Count):0}% ({releases.Count - overridden} of {releases.Count})"),
        ], Split: true);

        var holds = records.SelectMany(r => r.Holds).Where(h => In(h.PlacedAt)).ToList();
        var holdsPerWeek = new Chart("Holds placed per week", "holds", [.. weeks.Select(w =>
            {
                var n = holds.Count(h => ReadAccumulation.WeekOf(h.PlacedAt) == w);
                return new Bar(Label(w), n, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            })]);

        return [leadTime, origins, overrides, holdsPerWeek];
    }

    /// <summary>
    /// Generated code merged per week: its lines, and the lines a verified human accepted before the merge (the
    /// accumulation the API answers). Merges whose size is unknown are written beside the week's lines, not counted in them.
    /// </summary>
    public static IReadOnlyList<Chart> Accumulated(Accumulation accumulation) =>
    [
        new Chart("Generated lines merged per week", "lines", [.. accumulation.Weeks.Select(w => new Bar(Label(w.Monday), w.GeneratedLinesMerged,
            N(w.GeneratedLinesMerged) + (w.SizeUnknown == 0 ? "" : $" (+{w.SizeUnknown} of unknown size)")))]),
        new Chart("Generated lines merged with a verified human review, per week", "lines", [.. accumulation.Weeks.Select(w => new Bar(Label(w.Monday), w.VerifiedReviewedLines,
            w.GeneratedLinesMerged == 0 ? N(w.VerifiedReviewedLines) : $"{N(w.VerifiedReviewedLines)} ({100.0 * w.VerifiedReviewedLines / w.GeneratedLinesMerged:0}%)"))]),
    ];

    private static string N(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : 100.0 * part / whole;

    private static string Label(DateOnly week) => Show.Day(week);
}
