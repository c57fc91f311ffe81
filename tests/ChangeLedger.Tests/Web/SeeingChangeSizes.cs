using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Web.ReadingTheWebView;

namespace ChangeLedger.Tests.Web;

/// <summary>
/// Small enough to review, in Chromium: a change over its size budget shows the refusal with "split suggested" and its
/// numbers, its diff size among what proved it, and the repository page charts the generated lines merged per week
/// (from zero, with its unit and a table for screen readers). Every page passes axe.
/// </summary>
public sealed class SeeingChangeSizes(WebLedger web) : IClassFixture<WebLedger>
{
    private const string Repo = "github.com/acme/sized";

    [Fact]
    public async Task the_size_rule_shows_in_the_verdict_and_the_lines_merged_are_charted_per_week()
    {
        await (await web.Put("/v1/repositories/github.com%2Facme%2Fsized/policy", new SetPolicyRequest([], 1, true, "ann",
            SizeBudget: new SizeBudget(Generated: new SizeLimit(MaxChangedLines: 400))))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes", Requests.Generated("sized-1", head: "h1", repository: Repo) with { Size = new DiffSizeBody(31, 700, 112) })).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/sized-1/reviews", Requests.Review("rita", "h1"))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/sized-1/releases", Requests.Release())).ShouldHaveStatus(409);
        await (await web.Post("/v1/changes", Requests.Generated("sized-2", head: "h1", repository: Repo) with { Size = new DiffSizeBody(2, 100, 20) })).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes/sized-2/merge", new MergeChangeRequest("github"))).ShouldHaveStatus(201);
        var key = await web.IssueKey("sized-reader", ["read"], Repo);

        var (context, page) = await web.NewPage();
        await using var _ = context;
        await page.GotoAsync("/signin");
        await SignInByKeyboard(page, key);

        await page.GotoAsync("/changes/sized-1");
        (await page.Locator("#diff-size").InnerTextAsync()).ShouldBe("812 lines changed (+700 −112) in 31 files on h1");
        var refused = await page.Locator("#history-prod tbody tr").First.InnerTextAsync();
        refused.ShouldContain("within-size-budget: Split suggested: head h1 changes 812 line(s) (+700 -112) in 31 file(s); 812 lines over the budget of 400 for generated changes.");
        await NoSeriousViolations(page);

        await page.GotoAsync("/repositories/" + Repo);
        (await page.Locator("#policy").InnerTextAsync()).ShouldContain("generated: at most 400 changed lines; human: none");
        var merged = page.Locator("figure", new() { HasText = "Generated lines merged per week" }).First;
        (await merged.Locator("figcaption").InnerTextAsync()).ShouldBe("Generated lines merged per week (lines)");
        // The scale starts at zero and the table under it says the same numbers, the week of the merge last.
        var scale = await merged.Locator("svg text").AllTextContentsAsync();
        scale.ShouldContain("lines");
        scale.ShouldContain("0");
        (await merged.Locator("tbody tr").First.Locator("td").AllInnerTextsAsync()).Last().ShouldBe("120");
        var reviewed = page.Locator("figure", new() { HasText = "with a verified human review" });
        (await reviewed.Locator("tbody tr").Nth(1).Locator("td").AllInnerTextsAsync()).Last().ShouldBe("0 (0%)");
        await NoSeriousViolations(page);
    }
}
