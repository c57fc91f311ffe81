using ChangeLedger.Contracts;
using ChangeLedger.Changes;
using ChangeLedger.Release;
using ChangeLedger.Web;

namespace ChangeLedger.Tests.Web;

/// <summary>The repository page's charts and the change page's evidence grid: pure functions over read models, no host.</summary>
public sealed class ChartingARepository
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private static ChangeSummary Change(string id, OriginKind origin, DateTimeOffset proposedAt) =>
        new(id, "github.com/acme/api", "t", ChangeStatus.InReview, "alice", "ci", "h1", null, new Origin(origin), Scope.Empty, [], null, [], [],
            new ChangeCounts(), 1, proposedAt, proposedAt, proposedAt);

    private static Contracts.Release Released(DateTimeOffset at, ReleaseOverride? @override = null) =>
        new("prod", "1.0", "dave", at, at, 5, 4, @override);

    private static ReleaseRecord Record(string id, IReadOnlyList<Contracts.Release> releases, params DateTimeOffset[] holds) =>
        new(id, "github.com/acme/api", [.. holds.Select((h, i) => new Hold($"h{i}", HoldKind.Manual, "why", "carol", h, null, 2))], [], releases, 5);

    [Fact]
    public void lead_time_is_the_median_per_week_of_first_release_and_shares_count_only_the_period()
    {
        var changes = new[]
        {
            Change("a", OriginKind.Generated, Monday),
            Change("b", OriginKind.Generated, Monday.AddHours(1)),
            Change("c", OriginKind.Human, Monday.AddHours(2)),
            Change("old", OriginKind.Human, Monday.AddDays(-30)),
        };
        var records = new[]
        {
            Record("a", [Released(Monday.AddHours(10)), Released(Monday.AddDays(8))], Monday.AddDays(1), Monday.AddDays(9)),
            Record("b", [Released(Monday.AddHours(21), new ReleaseOverride("erin", "hotfix"))]),
            Record("c", [Released(Monday.AddDays(7).AddHours(6))]),
            Record("old", [], Monday.AddDays(-29)),
        };

        var charts = RepositoryCharts.Of(changes, records, Monday, Monday.AddDays(14));

        var lead = charts[0];
        lead.Bars.Select(b => b.Label).ShouldBe(["2026-11-02", "2026-11-09"]);
        // The scale: round steps from zero to at least the tallest bar.
        lead.Ticks().ShouldBe([0.0, 50.0, 100.0, 150.0, 200.0]);
        // A lead time of a second still reads on the scale and in the table, not as a row of zeros.
        BarChart.Number(1.0 / 3600).ShouldBe("0.00028");
        BarChart.Number(172).ShouldBe("172");
        charts[1].Split.ShouldBeTrue();
        lead.Bars.Select(b => b.Value).ShouldBe([15.0, 172.0]); // a: 10 h, b: 20 h → median 15; c: 7 days 4 h
        charts[1].Bars.Select(b => b.Text).ShouldBe(["67% (2 of 3)", "33% (1 of 3)"]);
        // Four releases fall in the period (a's second one too): one of them overridden.
        charts[2].Bars[0].Text.ShouldBe("25% (1 of 4)");
        charts[3].Bars.Select(b => b.Value).ShouldBe([1.0, 1.0]);
    }

    [Fact]
    public void a_week_starts_on_monday_utc_and_an_empty_period_has_no_share()
    {
        ReadAccumulation.WeekOf(new DateTimeOffset(2026, 11, 8, 23, 0, 0, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 11, 2));
        ReadAccumulation.WeekOf(new DateTimeOffset(2026, 11, 9, 1, 0, 0, TimeSpan.FromHours(3))).ShouldBe(new DateOnly(2026, 11, 2));
        RepositoryCharts.Median([3, 1, 2, 10]).ShouldBe(2.5);
        var charts = RepositoryCharts.Of([], [], Monday, Monday.AddDays(3));
        charts[1].Bars.Select(b => b.Value).ShouldBe([0.0, 0.0]);
        charts[0].Bars.Single().Text.ShouldBe("none");
    }

    [Fact]
    public void the_evidence_grid_puts_the_head_last_and_marks_runs_on_earlier_commits_stale()
    {
        ValidationRun Run(string check, string commit, ValidationOutcome outcome, long version, bool stale) =>
            new(check, commit, outcome, "ci", null, null, null, null, Monday, Monday, version, stale);
        var evidence = new Evidence("a", "github.com/acme/api", "h2",
            [
                new CheckEvidence("unit", Run("unit", "h2", ValidationOutcome.Passed, 5, false), [Run("unit", "h2", ValidationOutcome.Passed, 5, false)],
                    [Run("unit", "h1", ValidationOutcome.Failed, 2, true), Run("unit", "h1", ValidationOutcome.Passed, 3, true)]),
                new CheckEvidence("e2e", null, [], [Run("e2e", "h1", ValidationOutcome.Failed, 4, true)]),
            ], [], 5);

        var grid = EvidenceGrid.Of(evidence);

        grid.Commits.ShouldBe(["h1", "h2"]);
        grid.Rows.Select(r => r.Check).ShouldBe(["e2e", "unit"]);
        grid.Rows[0].Cells.ShouldBe([new EvidenceGrid.Cell(ValidationOutcome.Failed, true, 4), null]);
        grid.Rows[1].Cells.ShouldBe([new EvidenceGrid.Cell(ValidationOutcome.Passed, true, 3), new EvidenceGrid.Cell(ValidationOutcome.Passed, false, 5)]);
    }
}
