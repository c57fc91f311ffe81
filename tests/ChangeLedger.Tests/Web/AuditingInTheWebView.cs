using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using Microsoft.Playwright;
using static ChangeLedger.Tests.Web.ReadingTheWebView;

namespace ChangeLedger.Tests.Web;

/// <summary>
/// An auditor opens the audit page, asks for a period and reads the figures and the exceptions the API's audit gives,
/// then prints it: the print stylesheet leaves the navigation and the form out. A period the ledger cannot read is
/// answered 400 with every reason on the page. Every state passes axe with no serious or critical violation.
/// </summary>
public sealed class AuditingInTheWebView(WebLedger web) : IClassFixture<WebLedger>
{
    private const string Repo = "github.com/acme/audited";

    [SkippableFact]
    public async Task an_auditor_reads_a_periods_figures_and_exceptions_and_prints_them()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        await (await web.Put("/v1/repositories/github.com%2Facme%2Faudited/policy", new SetPolicyRequest(["unit-tests"], 0, false, "ann"))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes", Requests.Human("aud-1", head: "h1", repository: Repo))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/aud-1/validations", Requests.Check("unit-tests", "h1", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/aud-1/releases", Requests.Release())).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes", Requests.Human("aud-2", head: "h2", repository: Repo))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/aud-2/releases", Requests.Release("prod", new OverrideBody("erin", "hotfix for INC-7")))).ShouldHaveStatus(201);
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var key = await web.IssueKey("auditor", ["read", "export"], "github.com/acme/*");

        var (context, page) = await web.NewPage();
        await using var _ = context;
        await page.GotoAsync("/audits");
        await SignInByKeyboard(page, key);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Audit of a period");
        await NoSeriousViolations(page);

        await page.GetByLabel("Environment").FillAsync("prod");
        await page.GetByLabel("From (UTC, ISO 8601)").FillAsync(from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
        await page.GetByLabel("To, exclusive").FillAsync(to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
        await page.GetByLabel("Repositories").FillAsync(Repo);
        await page.GetByRole(AriaRole.Button, new() { Name = "Audit" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("environment=prod", StringComparison.Ordinal));

        var total = page.Locator("#figures tbody tr").Last;
        (await total.Locator("th").InnerTextAsync()).ShouldBe("Total");
        (await total.Locator("td").AllInnerTextsAsync()).Take(3).ShouldBe(["2", "1", "1"], "two releases: one through the gate, one overridden");
        (await page.Locator("#rules").InnerTextAsync()).ShouldContain("required-check");
        var exceptions = await page.Locator("ul.exceptions li").AllInnerTextsAsync();
        exceptions.Count.ShouldBe(1);
        exceptions[0].ShouldContain("aud-2");
        exceptions[0].ShouldContain("overridden by erin: “hotfix for INC-7”");
        (await page.Locator("ul.exceptions a").GetAttributeAsync("href"))!.ShouldStartWith("/changes/aud-2");
        await NoSeriousViolations(page);

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        (await page.Locator("form.filters").IsVisibleAsync()).ShouldBeFalse("the form is not printed");
        (await page.Locator("header.site").IsVisibleAsync()).ShouldBeFalse("nor the navigation");
        (await page.Locator("#figures").IsVisibleAsync()).ShouldBeTrue();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        var bad = await page.GotoAsync($"/audits?environment=prod&from={Uri.EscapeDataString(to.ToString("O"))}&to={Uri.EscapeDataString(from.ToString("O"))}");
        bad!.Status.ShouldBe(400);
        (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("'from' is before 'to'.");
        await NoSeriousViolations(page);
    }
}
