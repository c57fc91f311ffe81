using System.Text.Json.Nodes;
using ChangeLedger.Tests.Support;
using Deque.AxeCore.Playwright;

namespace ChangeLedger.Tests.Web;

/// <summary>A reviewer sees, on the change's page, which recorded CDEvent broke its spec version's rules and in which member.</summary>
public sealed class SeeingNonconformingCdEvents(WebLedger web) : IClassFixture<WebLedger>
{
    [Fact]
    public async Task the_timeline_names_the_members_a_cdevent_was_flagged_nonconforming_for()
    {
        await (await web.Post("/v1/changes", Requests.Human("web-nc", head: "h1", repository: "github.com/acme/web"))).ShouldHaveStatus(201);
        // A 0.4.1 change.updated carrying 0.3.0's type version, naming its change and new head in customData.
        var updated = CdEvents.Sample("change_updated", "web-nc", "web-nc-other", "web-nc");
        updated["context"]!["type"] = "dev.cdevents.change.updated.0.1.2";
        updated["customData"] = new JsonObject { ["changeId"] = "web-nc", ["headCommit"] = "h2" };
        await (await web.Client.SendAsync(CdEvents.Structured(updated))).ShouldHaveStatus(201);
        var key = await web.IssueKey("nc-reader", ["read"], "github.com/acme/*");

        var (context, page) = await web.NewPage();
        await using var _ = context;
        await page.GotoAsync("/signin");
        await page.Locator("#key").FillAsync(key);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        await page.GotoAsync("/changes/web-nc");

        var rows = await page.Locator("#timeline tbody tr").AllInnerTextsAsync();
        // Newest first: the revision the CDEvent made, then the proposal sent through the API.
        rows.Count.ShouldBe(2);
        rows[0].ShouldContain("nonconforming: data/context/type");
        rows[1].ShouldNotContain("nonconforming");
        (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ShouldBeEmpty();
    }
}
