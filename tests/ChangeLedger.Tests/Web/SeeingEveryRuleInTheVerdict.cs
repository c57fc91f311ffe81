using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Web.ReadingTheWebView;

namespace ChangeLedger.Tests.Web;

/// <summary>
/// Issue 29's rules read in Chromium: a repository whose policy turns on criteria-covered, validation-first,
/// within-size-budget and code-owners-approved, with an imported CODEOWNERS file and a freeze window in force on prod,
/// refuses a generated change's release, and the change page names each rule with what it found. The page passes axe.
/// </summary>
public sealed class SeeingEveryRuleInTheVerdict(WebLedger web) : IClassFixture<WebLedger>
{
    private const string Repo = "github.com/acme/ruled";
    private const string Url = "/v1/repositories/github.com%2Facme%2Fruled";

    [Fact]
    public async Task a_refused_release_shows_each_rule_by_name_with_its_detail()
    {
        await (await web.Put(Url + "/policy", new SetPolicyRequest([], 1, true, "ann", "every rule of issue 29",
            CriteriaCovered: new CriteriaPolicy(), ValidationFirst: ValidationFirstFor.Generated,
            SizeBudget: new SizeBudget(Generated: new SizeLimit(MaxChangedLines: 400)), CodeOwnersApproved: true))).ShouldHaveStatus(201);
        await (await web.Put(Url + "/code-owners", new CodeOwnersRequest(CodeOwnersDialect.Github, "/src/refunds/  @erin\n", "platform-team"))).ShouldHaveStatus(201);
        var now = DateTimeOffset.UtcNow;
        await (await web.Put("/v1/environments/prod/freeze-windows/ruled-close",
            new FreezeWindowRequest("UTC", now.AddMinutes(-5), now.AddDays(1), null, [Repo], "quarter close"))).ShouldHaveStatus(201);

        await (await web.Post("/v1/changes", Requests.Generated("ruled-1", head: "h1", repository: Repo) with
        {
            Size = new DiffSizeBody(31, 700, 112), ChangedPaths = ["src/refunds/Retry.cs"],
        })).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/ruled-1/reviews", Requests.Review("rita", "h1"))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/ruled-1/releases", Requests.Release())).ShouldHaveStatus(409);
        var key = await web.IssueKey("ruled-reader", ["read"], Repo);

        var (context, page) = await web.NewPage();
        await using var _ = context;
        await page.GotoAsync("/signin");
        await SignInByKeyboard(page, key);

        await page.GotoAsync("/changes/ruled-1");
        var refused = page.Locator("#history-prod tbody tr").First;
        (await refused.InnerTextAsync()).ShouldContain("refused\t5 of 11 rules failed:");
        var failed = await refused.Locator("ul.rules").First.Locator("li").AllInnerTextsAsync();
        failed.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]).ShouldBe(
            ["criteria-covered", "validation-first", "within-size-budget", "code-owners-approved:/src/refunds/", "outside-freeze-window"], string.Join("\n", failed));
        failed.ShouldContain(f => f.StartsWith("criteria-covered: ") && f.Contains("AC-1 not covered"), string.Join("\n", failed));
        failed.ShouldContain(f => f.StartsWith("validation-first: ") && f.Contains("No validation-first proof is attested on head h1"), string.Join("\n", failed));
        failed.ShouldContain(f => f.StartsWith("within-size-budget: ") && f.Contains("812 lines over the budget of 400"), string.Join("\n", failed));
        failed.ShouldContain(f => f.StartsWith("code-owners-approved:/src/refunds/: ") && f.Contains("src/refunds/Retry.cs (line 1: @erin): no verified approval on head h1 by an owner."), string.Join("\n", failed));
        failed.ShouldContain(f => f.StartsWith("outside-freeze-window: ") && f.Contains("prod is frozen for github.com/acme/ruled: window ruled-close (quarter close) in force from") && f.EndsWith(" UTC."), string.Join("\n", failed));
        await NoSeriousViolations(page);
    }
}
