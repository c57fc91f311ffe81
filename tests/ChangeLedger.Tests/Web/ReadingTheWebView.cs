using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ChangeLedger.Tests.Web;

/// <summary>
/// A reviewer in a real browser (Debian's Chromium, headless) against the real service on a loopback socket: signs in
/// with a key by keyboard alone, searches, opens a change, reads why its release was refused, looks at it as it was
/// before, downloads an export and signs out. Every page passes axe with no serious or critical violation.
/// </summary>
public sealed class ReadingTheWebView(ClockedWebLedger web) : IClassFixture<ClockedWebLedger>
{
    private const string Repo = "github.com/acme/web";
    private const string Elsewhere = "github.com/other/hidden";

    [SkippableFact]
    public async Task a_reviewer_signs_in_searches_opens_a_refused_change_sees_it_as_before_and_downloads_an_export()
    {
        await (await web.Put("/v1/repositories/github.com%2Facme%2Fweb/policy", new SetPolicyRequest(["unit-tests", "e2e"], 1, true, "ann"))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes", Requests.Generated("web-1", head: "h1", repository: Repo))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/web-1/validations", Requests.Check("unit-tests", "h1", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        // The moment to look back to, a second clear of the passing check and before the failing one: the service's clock is moved, not waited for.
        web.Clock!.Advance(TimeSpan.FromSeconds(1.1));
        var before = web.Clock.GetUtcNow();
        web.Clock.Advance(TimeSpan.FromMilliseconds(100));
        await (await web.Post("/v1/changes/web-1/validations", Requests.Check("e2e", "h1", ValidationOutcome.Failed))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/web-1/releases", Requests.Release())).ShouldHaveStatus(409);
        await (await web.Post("/v1/changes", Requests.Human("web-2", repository: Elsewhere))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes", Requests.Human("web-3", head: "h3", repository: Repo))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/web-3/releases", Requests.Release("staging", new OverrideBody("erin", "hotfix for INC-9")))).ShouldHaveStatus(201);
        var now = web.Clock.GetUtcNow();
        await (await web.Put("/v1/environments/staging/freeze-windows/web-freeze",
            new FreezeWindowRequest("Europe/Berlin", now.AddMinutes(-5), now.AddDays(1), null, [Repo], "release train paused"))).ShouldHaveStatus(201);
        var key = await web.IssueKey("auditor", ["read", "export"], "github.com/acme/*");

        var (context, page) = await web.NewPage();
        await using var _ = context;

        // Not signed in: the search page sends the person to sign in, and comes back after.
        await page.GotoAsync("/");
        new Uri(page.Url).AbsolutePath.ShouldBe("/signin");
        await NoSeriousViolations(page);
        await SignInByKeyboard(page, key);
        new Uri(page.Url).AbsolutePath.ShouldBe("/");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Changes");
        await NoSeriousViolations(page);

        // The key is exchanged for an HttpOnly, Secure, SameSite=Strict cookie; nothing is kept in the page's storage.
        var session = (await context.CookiesAsync()).Single(c => c.Name == "changeledger");
        session.HttpOnly.ShouldBeTrue();
        session.Secure.ShouldBeTrue();
        session.SameSite.ShouldBe(SameSiteAttribute.Strict);
        session.Value.ShouldNotContain(key);
        (await page.EvaluateAsync<int>("localStorage.length + sessionStorage.length")).ShouldBe(0);

        // A filter the ledger cannot read is answered 400 with the reason on the page.
        var bad = await page.GotoAsync("/?status=shipped");
        bad!.Status.ShouldBe(400);
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldBe("That status is not one a change can have.");
        await page.GotoAsync("/");

        // Search: the change outside the key's repositories is never listed.
        (await page.Locator("tbody").InnerTextAsync()).ShouldNotContain("web-2");
        await page.GetByLabel("Repository").FillAsync(Repo);
        await page.GetByLabel("Status").SelectOptionAsync("in_review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = page.Locator("tbody tr");
        (await rows.CountAsync()).ShouldBe(1);
        (await rows.First.InnerTextAsync()).ShouldContain("web-1");
        await Screenshot(page, "web-search.png", null);

        // Open the change by keyboard: the failed rules of the refused release, each named.
        await page.GetByRole(AriaRole.Link, new() { Name = "web-1" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/changes/web-1");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Retry idempotent refunds");
        (await page.Locator("#badges").InnerTextAsync()).ShouldContain("prod: not ready: 3 rules failed");
        (await page.Locator("h3", new() { HasText = "prod:" }).InnerTextAsync()).ShouldBe("prod: not ready: 3 rules failed");
        var failed = await page.Locator("#history-prod td > ul.rules strong.failed").AllInnerTextsAsync();
        failed.ShouldBe(["required-check:e2e", "min-approvals", "generated-change-human-review"]);
        (await page.Locator("#checks").InnerTextAsync()).ShouldContain("e2e");
        // Proposed, two runs, and the refused release's verdict.
        (await page.Locator("#timeline tbody tr").CountAsync()).ShouldBe(4);
        (await page.Locator("#integrity").InnerTextAsync()).ShouldStartWith("Verified");
        await NoSeriousViolations(page);

        // As of a moment before the failing run: the ledger then knew only the passing check and no verdict.
        await page.Locator("#asOf").FillAsync(ChangeLedger.Web.Show.Input(before));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show as of then" }).ClickAsync();
        await page.WaitForURLAsync("**asOf=*");
        (await page.Locator("#moment").InnerTextAsync()).ShouldStartWith("As the ledger knew it at");
        (await page.Locator("#checks").InnerTextAsync()).ShouldNotContain("e2e");
        (await page.Locator("#history-prod").CountAsync()).ShouldBe(0);
        (await page.Locator("#timeline tbody tr").CountAsync()).ShouldBe(2);

        // The repository: its policy and its charts over the period.
        await page.GotoAsync("/repositories/" + Repo);
        (await page.Locator("#policy").InnerTextAsync()).ShouldContain("unit-tests, e2e");
        (await page.Locator("svg[role=img]").CountAsync()).ShouldBe(6);
        // Each chart has a scale with its unit, and its numbers again as a table a screen reader reads.
        (await page.Locator("figure table").CountAsync()).ShouldBe(6);
        (await page.Locator("svg[aria-labelledby=chart0-title] text").AllTextContentsAsync()).ShouldContain("hours");
        // Generated and human as one bar split in two, with the shares written on it.
        (await page.Locator("#chart1-table thead th").AllInnerTextsAsync()).ShouldBe(["Part", "generated", "human"]);
        (await page.Locator("#chart1-table tbody tr").Last.Locator("td").Last.InnerTextAsync()).ShouldMatch(@"^\d+% \(\d+ of \d+\)$");
        (await page.Locator("svg[aria-labelledby=chart1-title] rect").CountAsync()).ShouldBe(2);
        await NoSeriousViolations(page);
        await Screenshot(page, "web-repository.png", null);

        // The environment: what runs there, and the override behind it, unmistakable.
        await page.GotoAsync("/environments/staging");
        (await page.Locator("#running").InnerTextAsync()).ShouldContain("OVERRIDDEN by erin");
        // The freeze on staging, in force, with its zone and its local start and end.
        (await page.Locator("#freezes").InnerTextAsync()).ShouldContain("web-freeze (release train paused; github.com/acme/web): in force, releases are refused, from ");
        (await page.Locator("#freezes").InnerTextAsync()).ShouldContain("Europe/Berlin");
        await NoSeriousViolations(page);
        await page.GotoAsync("/changes/web-3");
        (await page.GetByRole(AriaRole.Note, new() { Name = "Override" }).InnerTextAsync()).ShouldContain("hotfix for INC-9");

        // A change outside the key's repositories is not found, as in the API.
        var hidden = await page.GotoAsync("/changes/web-2");
        hidden!.Status.ShouldBe(404);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Not found");

        // The export for the current filter downloads through the session.
        await page.GotoAsync("/?repository=" + Uri.EscapeDataString(Repo));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "ownership export (CSV)" }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".csv");
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        csv.ShouldContain("web-1");
        csv.ShouldNotContain("web-2");

        // Signing out ends the session: the next page asks to sign in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GotoAsync("/changes/web-1");
        new Uri(page.Url).AbsolutePath.ShouldBe("/signin");
    }

    [SkippableTheory]
    [InlineData("2099-11-30T18:24:29.090Z")]
    [InlineData("2099-11-30T18:24:29.123Z")]
    [InlineData("2099-11-30T18:24:29Z")]
    [InlineData("2099-11-30T18:24:00Z")]
    public async Task the_as_of_picker_holds_the_moment_shown_and_sending_it_again_keeps_that_moment(string moment)
    {
        // Moments after the change was proposed (the page of a change not yet proposed then is "not found").
        var at = DateTimeOffset.Parse(moment, System.Globalization.CultureInfo.InvariantCulture);
        var id = "web-asof-" + at.ToUnixTimeMilliseconds();
        await (await web.Post("/v1/changes", Requests.Human(id, repository: Repo))).ShouldHaveStatus(201);
        var key = await web.IssueKey("picker", ["read"], Repo);
        var (context, page) = await web.NewPage();
        await using var _ = context;
        await page.GotoAsync("/signin");
        await SignInByKeyboard(page, key);

        await page.GotoAsync($"/changes/{id}?asOf={Uri.EscapeDataString(moment)}");
        // The field is text in the pages' one form (ISO 8601, UTC), whatever the browser's locale.
        (await page.Locator("#asOf").InputValueAsync()).ShouldBe(ChangeLedger.Web.Show.Input(at));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show as of then" }).ClickAsync();
        await page.WaitForURLAsync("**asOf=*");
        var sent = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["asOf"];
        ChangeLedger.Web.Show.Parse(sent).ShouldBe(at);
    }

    [SkippableFact]
    public async Task a_wrong_key_is_refused_and_no_session_is_opened()
    {
        var (context, page) = await web.NewPage();
        await using var _ = context;
        await page.GotoAsync("/signin");
        await page.GetByLabel("API key").FillAsync("cl_nosuchkey_0000000000000000000000000000000000000000000");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Url.EndsWith("/signin/key"));
        response.Status.ShouldBe(401);
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldBe("That key is unknown, revoked or expired.");
        (await context.CookiesAsync()).ShouldNotContain(c => c.Name == "changeledger");
    }

    [Fact]
    public async Task a_sign_in_form_posted_without_its_antiforgery_token_is_refused()
    {
        var key = await web.IssueKey("reader", ["read"]);
        using var client = new HttpClient();
        var response = await client.PostAsync(web.BaseUrl + "/signin/key", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key }));
        ((int)response.StatusCode).ShouldBe(400);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    /// <summary>Keyboard only: Tab to the key field, type, Enter.</summary>
    internal static async Task SignInByKeyboard(IPage page, string key)
    {
        for (var i = 0; i < 10 && await page.EvaluateAsync<string>("document.activeElement?.id ?? ''") != "key"; i++)
            await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("document.activeElement?.id ?? ''")).ShouldBe("key");
        await page.Keyboard.TypeAsync(key);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    /// <summary>With UPDATE_SCREENSHOTS=1, the pages as docs/images shows them (the README links them).</summary>
    internal static async Task Screenshot(IPage page, string file, string? path)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") != "1") return;
        if (path is not null) await page.GotoAsync(path);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ChangeLedger.sln"))) root = root.Parent!;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(root.FullName, "docs", "images", file), FullPage = true });
    }

    internal static async Task NoSeriousViolations(IPage page)
    {
        var result = await page.RunAxe();
        result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} nodes)").ShouldBeEmpty();
    }
}
