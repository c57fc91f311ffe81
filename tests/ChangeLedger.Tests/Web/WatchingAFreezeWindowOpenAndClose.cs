using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Web.ReadingTheWebView;

namespace ChangeLedger.Tests.Web;

/// <summary>The service's scheduler polls every second, so a window half a minute long opens and closes within the test.</summary>
public sealed class FreezeCalendarLedger(IMessageSink sink) : WebLedger(sink)
{
    public override Task InitializeAsync()
    {
        Settings["Wolverine:ScheduledJobPollingTime"] = "00:00:01";
        return base.InitializeAsync();
    }
}

/// <summary>
/// Issue 29, point 5: a freeze window set to start a few seconds ahead, for half a minute, records its start and then its end in the
/// window's trail, by the service's own scheduled messages, and the change page shows the freeze as a hold while
/// the window is open, in the same words as a freeze hold placed on the change and as the verdict's rule, and not
/// after. The page passes axe.
/// </summary>
public sealed class WatchingAFreezeWindowOpenAndClose(FreezeCalendarLedger web) : IClassFixture<FreezeCalendarLedger>
{
    private const string Repo = "github.com/acme/calendar";
    private const string Window = "/v1/environments/prod/freeze-windows/short-close";

    [Fact]
    public async Task the_window_records_its_start_and_end_and_the_change_page_shows_the_hold_only_while_it_is_open()
    {
        await (await web.Post("/v1/changes", Requests.Generated("calendar-1", head: "h1", repository: Repo))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/calendar-1/holds", new PlaceHoldRequest(HoldKind.Freeze, "change window cw-7 is in force", "cd-bus", "cw-7", null)))
            .ShouldHaveStatus(201);
        var start = DateTimeOffset.UtcNow.AddSeconds(12);
        await (await web.Put(Window, new FreezeWindowRequest("UTC", start, start.AddSeconds(30), null, [Repo], "short close"))).ShouldHaveStatus(201);
        var key = await web.IssueKey("calendar-reader", ["read"], Repo);

        var (context, page) = await web.NewPage();
        await using var _ = context;
        await page.GotoAsync("/signin");
        await SignInByKeyboard(page, key);
        await page.GotoAsync("/changes/calendar-1");
        var before = await page.Locator("#holds-badge").InnerTextAsync();
        // Before the window opens, only the change's own hold (unless signing in took the whole lead, on a very busy machine).
        if (DateTimeOffset.UtcNow < start) before.ShouldBe("1 open hold: freeze");

        var started = await TrailUntil("freeze_window_started");
        started.Actor.ShouldBe("system:freeze-calendar");
        started.Data.GetProperty("start").GetDateTimeOffset().ShouldBe(start, TimeSpan.FromMilliseconds(1));
        await page.GotoAsync("/changes/calendar-1");
        (await page.Locator("#holds-badge").InnerTextAsync()).ShouldBe("2 open holds: freeze, freeze");
        var placedAt = (await web.Get<ReleaseView>("/v1/changes/calendar-1/release")).OpenHolds.ShouldHaveSingleItem().PlacedAt;
        var frozen = await page.Locator("#frozen li").AllInnerTextsAsync();
        frozen.ShouldBe([
            $"Frozen: hold cw-7 (change window cw-7 is in force) in force from {Local(placedAt)} UTC until lifted",
            $"Frozen in prod: window short-close (short close) in force from {Local(start)} to {Local(start.AddSeconds(30))} UTC",
        ], string.Join("\n", frozen));
        var verdict = await web.Get<ReleaseVerdict>("/v1/changes/calendar-1/readiness?environment=prod");
        verdict.Rules.Single(r => r.Rule == "outside-freeze-window").Detail.ShouldContain(frozen[1]["Frozen in prod: ".Length..]);
        await NoSeriousViolations(page);

        var ended = await TrailUntil("freeze_window_ended");
        ended.Data.GetProperty("end").GetDateTimeOffset().ShouldBe(start.AddSeconds(30), TimeSpan.FromMilliseconds(1));
        await page.GotoAsync("/changes/calendar-1");
        (await page.Locator("#holds-badge").InnerTextAsync()).ShouldBe("1 open hold: freeze");
        (await page.Locator("#frozen li").AllInnerTextsAsync()).ShouldHaveSingleItem().ShouldStartWith("Frozen: hold cw-7 ");
        // One start and one end, however many nodes polled for them.
        (await web.Get<AuditTrail>(Window + "/trail")).Events.Select(e => e.Type).ShouldBe(["freeze_window_set", "freeze_window_started", "freeze_window_ended"]);
    }

    /// <summary>The window's trail, read again until it holds an event of the type (its schedule records it on its own).</summary>
    private async Task<TrailEntry> TrailUntil(string type)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if ((await web.Get<AuditTrail>(Window + "/trail")).Events.FirstOrDefault(e => e.Type == type) is { } entry) return entry;
            await Task.Delay(200);
        }
        throw new ShouldAssertException($"No {type} in the window's trail within a minute.");
    }

    private static string Local(DateTimeOffset instant) => $"{instant.UtcDateTime:yyyy-MM-dd HH:mm} (+00:00)";
}
