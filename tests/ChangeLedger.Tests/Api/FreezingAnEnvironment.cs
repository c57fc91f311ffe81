using System.Net.Http.Json;
using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// Freeze windows through the API: an admin sets them on an environment, the gate refuses releases while one is in
/// force (an override still releases), and the service's clock (moved by the test) decides when that is.
/// </summary>
public sealed class FreezingAnEnvironment(ClockedLedgerApp app) : IClassFixture<ClockedLedgerApp>
{
    private const string Rule = "outside-freeze-window";

    private async Task Ready(string changeId, string repository)
    {
        await (await app.Post("/v1/changes", Requests.Generated(changeId, head: "h1", repository: repository))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{changeId}/reviews", Requests.Review("erin", "h1"))).ShouldHaveStatus(201);
    }

    private async Task<VerdictRule?> Freeze(string changeId, string environment)
    {
        var verdict = await app.Get<ReleaseVerdict>($"/v1/changes/{changeId}/readiness?environment={environment}");
        return verdict.Rules.SingleOrDefault(r => r.Rule == Rule);
    }

    [Fact]
    public async Task a_release_inside_a_window_is_refused_until_it_ends_and_an_override_sets_it_aside()
    {
        const string repo = "github.com/acme/frozen";
        await Ready("freeze-1", repo);
        await Ready("freeze-2", repo);
        var now = app.Clock!.GetUtcNow();
        var window = new FreezeWindowRequest("America/New_York", now.AddHours(1), now.AddHours(3), null, ["github.com/acme/*"], "quarter close");

        var set = await (await app.Put("/v1/environments/prod-eu/freeze-windows/q-close", window)).Read<FreezeWindowInfo>(201);
        set.Version.ShouldBe(1);
        set.InForce.ShouldBeNull();
        set.Next!.Start.ShouldBe(now.AddHours(1));
        (await (await app.Put("/v1/environments/prod-eu/freeze-windows/q-close", window)).Read<FreezeWindowInfo>(200)).Version.ShouldBe(1);

        (await Freeze("freeze-1", "prod-eu"))!.Passed.ShouldBeTrue();
        (await Freeze("freeze-1", "staging")).ShouldBeNull();

        app.Clock.Advance(TimeSpan.FromHours(1.5));
        var frozen = (await Freeze("freeze-1", "prod-eu"))!;
        frozen.Passed.ShouldBeFalse();
        frozen.Detail.ShouldContain("window q-close (quarter close) in force from");
        frozen.Detail.ShouldContain("America/New_York");
        var listed = (await app.Get<List<FreezeWindowInfo>>("/v1/environments/prod-eu/freeze-windows")).Single();
        var newYork = TimeZoneInfo.ConvertTime(now.AddHours(1), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        listed.InForce!.LocalStart.ShouldBe($"{newYork:yyyy-MM-dd HH:mm} ({newYork:zzz})");

        var refused = await (await app.Post("/v1/changes/freeze-1/releases", Requests.Release("prod-eu"))).Read<ReleaseOutcome>(409);
        refused.Verdict.Rules.Single(r => !r.Passed).Rule.ShouldBe(Rule);
        var overridden = await (await app.Post("/v1/changes/freeze-1/releases",
            Requests.Release("prod-eu", new OverrideBody("cto-carol", "payments outage fix")))).Read<ReleaseOutcome>(201);
        overridden.Released.ShouldBeTrue();

        app.Clock.Advance(TimeSpan.FromHours(2));
        (await Freeze("freeze-2", "prod-eu"))!.Passed.ShouldBeTrue();
        await (await app.Post("/v1/changes/freeze-2/releases", Requests.Release("prod-eu"))).ShouldHaveStatus(201);
    }

    [Fact]
    public async Task a_weekly_window_is_read_in_its_zone_across_the_night_clocks_go_forward()
    {
        const string repo = "github.com/acme/weekly";
        await Ready("weekly-1", repo);
        await (await app.Put("/v1/environments/prod-de/freeze-windows/sunday-nights",
            new FreezeWindowRequest("Europe/Berlin", null, null, new WeeklyFreeze(["sun"], "00:00", "06:00"), [repo], "maintenance nights"))).ShouldHaveStatus(201);

        app.Clock!.SetUtcNow(new DateTimeOffset(2027, 3, 28, 3, 30, 0, TimeSpan.Zero)); // 05:30 CEST, the night of the change
        var inside = (await Freeze("weekly-1", "prod-de"))!;
        inside.Passed.ShouldBeFalse();
        inside.Detail.ShouldContain("from 2027-03-28 00:00 (+01:00) to 2027-03-28 06:00 (+02:00) Europe/Berlin");

        app.Clock.Advance(TimeSpan.FromHours(1)); // 06:30 CEST: a fixed +01:00 would still say 05:30
        (await Freeze("weekly-1", "prod-de"))!.Detail.ShouldContain("sunday-nights next from 2027-04-04 00:00 (+02:00)");
    }

    [Fact]
    public async Task a_removed_window_no_longer_freezes_and_a_scoped_admin_manages_only_windows_within_its_repositories()
    {
        const string repo = "github.com/team-a/api";
        await Ready("removed-1", repo);
        var now = app.Clock!.GetUtcNow();
        await (await app.Put("/v1/environments/prod-us/freeze-windows/org-wide",
            new FreezeWindowRequest("UTC", now.AddMinutes(-1), now.AddDays(1), null, null, "company offsite"))).ShouldHaveStatus(201);
        (await Freeze("removed-1", "prod-us"))!.Passed.ShouldBeFalse();

        var scoped = app.ClientWith(await app.IssueKey("team-a-admin", [Roles.Admin, Roles.Read], "github.com/team-a/*"));
        await (await scoped.PutAsJsonAsync("/v1/environments/prod-us/freeze-windows/org-wide",
            new FreezeWindowRequest("UTC", now, now.AddDays(1), null, ["github.com/team-a/*"], "mine now"), LedgerApp.Json)).ShouldBeProblem(404, "unknown-freeze-window");
        await (await scoped.PutAsJsonAsync("/v1/environments/prod-us/freeze-windows/team-a",
            new FreezeWindowRequest("UTC", now, now.AddDays(1), null, null, "everyone"), LedgerApp.Json)).ShouldBeProblem(400, "validation");
        await (await scoped.DeleteAsync("/v1/environments/prod-us/freeze-windows/org-wide?reason=mine")).ShouldBeProblem(404, "unknown-freeze-window");
        (await scoped.GetFromJsonAsync<List<FreezeWindowInfo>>("/v1/environments/prod-us/freeze-windows", LedgerApp.Json))!.Single().WindowId.ShouldBe("org-wide");

        await (await app.Client.DeleteAsync("/v1/environments/prod-us/freeze-windows/org-wide")).ShouldBeProblem(400, "validation");
        var removed = await (await app.Client.DeleteAsync("/v1/environments/prod-us/freeze-windows/org-wide?reason=offsite%20cancelled")).Read<FreezeWindowInfo>(200);
        removed.Removed.ShouldBeTrue();
        // Set in force, the window's write also recorded that its occurrence started (version 2); the removal is version 3.
        removed.Version.ShouldBe(3);
        (await Freeze("removed-1", "prod-us")).ShouldBeNull();
        (await app.Get<List<FreezeWindowInfo>>("/v1/environments/prod-us/freeze-windows")).ShouldBeEmpty();
        (await app.EventCount("~freeze:prod-us:org-wide")).ShouldBe(3);
    }

    [Fact]
    public async Task a_batch_release_is_judged_by_the_window_as_the_single_endpoint_judges_it()
    {
        const string frozen = "github.com/acme/batch-frozen";
        var now = app.Clock!.GetUtcNow();
        await (await app.Put("/v1/environments/prod-batch/freeze-windows/close",
            new FreezeWindowRequest("UTC", now.AddMinutes(-1), now.AddDays(1), null, [frozen], "month close"))).ShouldHaveStatus(201);
        static Dictionary<string, object?> Item(string type, string changeId, object body)
        {
            var item = JsonSerializer.SerializeToElement(body, body.GetType(), LedgerApp.Json).Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
            item["type"] = type;
            item["changeId"] = changeId;
            return item;
        }

        var results = await (await app.Post("/v1/events", new[]
        {
            Item("change_proposed", "batch-frozen", Requests.Generated("batch-frozen", head: "h1", repository: frozen)),
            Item("review_decided", "batch-frozen", Requests.Review("erin", "h1")),
            Item("change_released", "batch-frozen", Requests.Release("prod-batch")),
            Item("change_proposed", "batch-thawed", Requests.Generated("batch-thawed", head: "h1", repository: "github.com/acme/batch-thawed")),
            Item("review_decided", "batch-thawed", Requests.Review("erin", "h1")),
            Item("change_released", "batch-thawed", Requests.Release("prod-batch")),
        })).Read<IngestionResults>(200);
        results.Results.Select(r => r.Status).ShouldBe([201, 201, 409, 201, 201, 201]);

        // The same releases through the single endpoint: the same answers, the same rule with the same detail.
        await Ready("single-frozen", frozen);
        await Ready("single-thawed", "github.com/acme/batch-thawed");
        var single = await (await app.Post("/v1/changes/single-frozen/releases", Requests.Release("prod-batch"))).Read<ReleaseOutcome>(409);
        await (await app.Post("/v1/changes/single-thawed/releases", Requests.Release("prod-batch"))).ShouldHaveStatus(201);

        var batched = (await app.Get<ReleaseView>("/v1/changes/batch-frozen/release")).Verdicts.Single();
        batched.Ready.ShouldBeFalse();
        var rule = batched.Rules.Single(r => !r.Passed);
        rule.Rule.ShouldBe(Rule);
        rule.Detail.ShouldContain("window close (month close) in force from");
        rule.Detail.ShouldBe(single.Verdict.Rules.Single(r => !r.Passed).Detail);
        (await app.Get<ChangeSummary>("/v1/changes/batch-frozen")).Status.ShouldNotBe(ChangeStatus.Released);
        var thawed = (await app.Get<ReleaseView>("/v1/changes/batch-thawed/release")).Verdicts.Single();
        thawed.Ready.ShouldBeTrue();
        thawed.Rules.ShouldNotContain(r => r.Rule == Rule);
        (await app.Get<ChangeSummary>("/v1/changes/batch-thawed")).Status.ShouldBe(ChangeStatus.Released);
    }

    [Fact]
    public async Task a_malformed_window_is_a_problem_and_stores_nothing()
    {
        await (await app.Put("/v1/environments/prod/freeze-windows/bad",
            new FreezeWindowRequest("Europe/Atlantis", null, null, new WeeklyFreeze(["funday"], "25:00", "6"), null, null))).ShouldBeProblem(400, "validation");
        await (await app.Put("/v1/environments/prod/freeze-windows/no%20spaces",
            new FreezeWindowRequest("UTC", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), null, null, "why"))).ShouldBeProblem(400, "validation");
        (await app.EventCount("~freeze:prod:bad")).ShouldBe(0);
    }
}
