using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Ledger;
using ChangeLedger.Policies;
using ChangeLedger.Release;
using ChangeLedger.Release.Rules;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// outside-freeze-window: given the windows set on an environment, when a release is asked at a moment, then the verdict
/// refuses it inside a window (naming the window, its zone, its local start and end) and says nothing where none is set.
/// Weekly windows are read in their IANA zone, across daylight saving changes.
/// </summary>
public sealed class FreezeWindowTests
{
    private const string Repo = "github.com/acme/payments";
    private static readonly ReleasePolicy Policy = new(Repo, new PolicyRules { RequiredChecks = [], MinApprovals = 1, GeneratedChangesNeedHumanReview = true }) { Version = 1, SetBy = "admin" };

    private static History Ready() => History.Of(History.Proposed(), History.Review("erin", "h1"));

    private static FreezeWindow OneOff(DateTimeOffset start, DateTimeOffset end, string environment = "prod", string zone = "Europe/Berlin", params string[] repositories) =>
        new(FreezeWindow.StreamKey(environment, "quarter-close"), environment, "quarter-close", zone, start, end, null, repositories.Length == 0 ? ["*"] : repositories,
            "quarter close", 1, "ann", History.T0, false);

    private static FreezeWindow Weekly(string start, string end, params string[] days) =>
        new(FreezeWindow.StreamKey("prod", "weekend"), "prod", "weekend", "Europe/Berlin", null, null, new WeeklySchedule(days, start, end), ["*"], "no weekend releases",
            1, "ann", History.T0, false);

    private static ReleaseVerdict Evaluate(DateTimeOffset now, params FreezeWindow[] windows) =>
        Verdict.Evaluate(Ready().Change, Ready().Evidence, Policy, "prod", now, null, freezeWindows: windows);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void without_a_window_the_rule_is_absent_and_the_verdict_is_as_before()
    {
        var now = Utc("2027-01-12T10:00:00Z");
        var without = Evaluate(now);
        without.Rules.ShouldNotContain(r => r.Rule == OutsideFreezeWindow.Rule);
        without.InputsDigest.ShouldBe(Evaluate(now, OneOff(now.AddHours(-1), now.AddHours(1), "staging")).InputsDigest);
        Evaluate(now, OneOff(now.AddHours(-1), now.AddHours(1), "prod", "UTC", "github.com/other/*")).Rules.ShouldNotContain(r => r.Rule == OutsideFreezeWindow.Rule);
    }

    [Fact]
    public void a_release_inside_a_one_off_window_is_refused_naming_the_window_its_zone_and_its_local_start_and_end()
    {
        var verdict = Evaluate(Utc("2027-01-12T10:00:00Z"), OneOff(Utc("2027-01-11T23:00:00Z"), Utc("2027-01-13T17:00:00Z")));
        verdict.Ready.ShouldBeFalse();
        var rule = verdict.Rules.Single(r => r.Rule == OutsideFreezeWindow.Rule);
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldBe("prod is frozen for github.com/acme/payments: window quarter-close (quarter close) in force from 2027-01-12 00:00 (+01:00) " +
            "to 2027-01-13 18:00 (+01:00) Europe/Berlin.");
    }

    [Fact]
    public void before_and_after_a_window_the_rule_passes_and_says_when_it_comes()
    {
        var window = OneOff(Utc("2027-01-11T23:00:00Z"), Utc("2027-01-13T17:00:00Z"), "prod", "Europe/Berlin", "github.com/acme/*");
        var before = Evaluate(Utc("2027-01-11T22:59:00Z"), window).Rules.Single(r => r.Rule == OutsideFreezeWindow.Rule);
        before.Passed.ShouldBeTrue();
        before.Detail.ShouldContain("quarter-close next from 2027-01-12 00:00 (+01:00) to 2027-01-13 18:00 (+01:00) Europe/Berlin");
        var atEnd = Evaluate(Utc("2027-01-13T17:00:00Z"), window).Rules.Single(r => r.Rule == OutsideFreezeWindow.Rule);
        atEnd.Passed.ShouldBeTrue();
        atEnd.Detail.ShouldContain("quarter-close is over");
    }

    [Fact]
    public void a_weekly_window_follows_the_zone_across_the_spring_daylight_saving_change()
    {
        var sundayNights = Weekly("00:00", "06:00", "sun");
        // A week before the change (CET, +01:00): 05:30 local is 04:30Z, inside.
        Evaluate(Utc("2027-03-21T04:30:00Z"), sundayNights).Ready.ShouldBeFalse();
        // On 28 March 2027 clocks go from 02:00 to 03:00: 06:00 local is 04:00Z, so 04:30Z (06:30 CEST) is outside,
        // where a fixed +01:00 offset would still read 05:30, inside.
        var after = Evaluate(Utc("2027-03-28T04:30:00Z"), sundayNights);
        after.Ready.ShouldBeTrue();
        after.Rules.Single(r => r.Rule == OutsideFreezeWindow.Rule).Detail.ShouldContain("weekend next from 2027-04-04 00:00 (+02:00) to 2027-04-04 06:00 (+02:00)");
        var inside = Evaluate(Utc("2027-03-28T03:30:00Z"), sundayNights).Rules.Single(r => r.Rule == OutsideFreezeWindow.Rule);
        inside.Passed.ShouldBeFalse();
        inside.Detail.ShouldContain("from 2027-03-28 00:00 (+01:00) to 2027-03-28 06:00 (+02:00) Europe/Berlin");
    }

    [Fact]
    public void local_times_the_clocks_skip_start_after_the_gap_and_those_passed_twice_count_from_the_first_passing()
    {
        var span = FreezeCalendar.InForce(Weekly("02:30", "03:30", "sun"), Utc("2027-03-28T01:10:00Z"))!;
        (span.Start, span.End).ShouldBe((Utc("2027-03-28T01:00:00Z"), Utc("2027-03-28T01:30:00Z")));
        // 31 October 2027: 02:00–03:00 local happens twice; a 02:30 start is the first (CEST, 00:30Z), and the night is 25 hours long.
        var autumn = FreezeCalendar.InForce(Weekly("02:30", "02:30", "sun"), Utc("2027-10-31T01:00:00Z"))!;
        autumn.Start.ShouldBe(Utc("2027-10-31T00:30:00Z"));
        (autumn.End - autumn.Start).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void a_window_that_ends_past_midnight_is_in_force_on_the_next_morning_and_only_on_its_days()
    {
        var fridayNights = Weekly("18:00", "08:00", "fri");
        Evaluate(Utc("2027-01-16T06:00:00Z"), fridayNights).Ready.ShouldBeFalse(); // Saturday 07:00 local
        Evaluate(Utc("2027-01-16T07:00:00Z"), fridayNights).Ready.ShouldBeTrue();  // Saturday 08:00 local
        Evaluate(Utc("2027-01-14T18:00:00Z"), fridayNights).Ready.ShouldBeTrue();  // Thursday 19:00 local
    }

    [Fact]
    public void a_release_inside_a_window_records_the_refusal_and_an_override_releases_it()
    {
        var window = OneOff(Utc("2027-01-11T23:00:00Z"), Utc("2027-01-13T17:00:00Z"));
        var h = Ready();
        var now = Utc("2027-01-12T10:00:00Z");
        var refused = ReleaseChange.Decide(h.Change, h.Evidence, Policy, new ReleaseChange(History.Id, "prod", "1.0", "deployer"), now, null, freezeWindows: [window]);
        refused.Events.Single().ShouldBeOfType<ReleaseVerdictRecorded>().Verdict.Ready.ShouldBeFalse();

        var overridden = ReleaseChange.Decide(h.Change, h.Evidence, Policy,
            new ReleaseChange(History.Id, "prod", "1.0", "deployer", new ReleaseOverride("cto", "hotfix for the outage")), now, null, freezeWindows: [window]);
        overridden.Events.OfType<ChangeReleased>().Single().Override!.Justification.ShouldBe("hotfix for the outage");
    }

    [Fact]
    public void setting_the_same_window_records_nothing_and_a_changed_one_records_it_whole()
    {
        var admin = new Caller("k1", "ann", new HashSet<string>(), RepositoryScope.Everything, "key:k1");
        var request = new FreezeWindowRequest("Europe/Berlin", null, null, new WeeklyFreeze(["sun", "sat"], "00:00", "06:00"), null, "no weekend releases");
        var command = SetFreezeWindow.Of("prod", "weekend", request, admin);
        command.Weekly!.Days.ShouldBe(["sun", "sat"]);
        command.Repositories.ShouldBe(["*"]);
        var set = SetFreezeWindow.Decide(null, command, History.T0).Events.Single().ShouldBeOfType<FreezeWindowSet>();
        set.By.ShouldBe("ann");
        SetFreezeWindow.Decide(Weekly("00:00", "06:00", "sun", "sat"), command, History.T0).Events.ShouldBeEmpty();
        SetFreezeWindow.Decide(Weekly("00:00", "05:00", "sun", "sat"), command, History.T0).Events.Single().ShouldBeOfType<FreezeWindowSet>();
    }

    [Theory]
    [InlineData("Mars/Olympus", "2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z", null, "timeZone")]
    [InlineData("UTC", "2027-01-02T00:00:00Z", "2027-01-01T00:00:00Z", null, "end")]
    [InlineData("UTC", "2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z", "sun", "weekly")]
    [InlineData("UTC", null, null, "sunday", "weekly.days")]
    [InlineData("UTC", null, null, null, "start/weekly")]
    [InlineData("UTC", "2027-01-01T00:00:00Z", null, null, "end")]
    public void a_malformed_window_is_refused_naming_the_member(string zone, string? start, string? end, string? day, string member)
    {
        var request = new FreezeWindowRequest(zone, start is null ? null : Utc(start), end is null ? null : Utc(end),
            day is null ? null : new WeeklyFreeze([day], "00:00", "06:00"), null, "why");
        SetFreezeWindow.Validate(request).ToProblem().Errors!.Keys.ShouldContain(member);
    }

    [Fact]
    public void an_admin_of_some_repositories_cannot_freeze_every_repository()
    {
        var request = new FreezeWindowRequest("UTC", History.T0, History.T0.AddHours(1), null, null, "why");
        SetFreezeWindow.Validate(request, new RepositoryScope(["github.com/team-a/*"])).ToProblem().Errors!.Keys.ShouldContain("repositories");
        SetFreezeWindow.Validate(request with { Repositories = ["github.com/team-a/*"] }, new RepositoryScope(["github.com/team-a/*"])).IsValid.ShouldBeTrue();
    }
}
