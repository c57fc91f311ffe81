using System.Net.Http.Json;
using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// Small enough to review: each revision's diff size is recorded, a size budget holds back a change too big for a
/// person and suggests a split, and a repository's generated lines merged are summed per week with the share a
/// verified human reviewed.
/// </summary>
public sealed class KeepingChangesReviewable(IdentityLedger app) : IClassFixture<IdentityLedger>
{
    private static string PolicyUrl(string repository) => $"/v1/repositories/{Uri.EscapeDataString(repository)}/policy";

    private static string AccumulationUrl(string repository, DateTimeOffset from, DateTimeOffset to) =>
        $"/v1/repositories/{Uri.EscapeDataString(repository)}/accumulation?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";

    private static readonly SizeBudget Budget = new(Generated: new SizeLimit(MaxChangedLines: 400, MaxChangedFiles: 20));

    [Fact]
    public async Task a_change_over_budget_is_held_with_split_suggested_and_its_children_are_measured_by_their_own_sizes()
    {
        const string repo = "github.com/acme/budgeted";
        await (await app.Put(PolicyUrl(repo), new SetPolicyRequest([], 1, true, "ann", SizeBudget: Budget))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated("size-1", "5120e01", repository: repo) with { Size = new DiffSizeBody(31, 700, 112) })).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/size-1/reviews", Requests.Review("erin", "5120e01"))).ShouldHaveStatus(201);

        var refused = await (await app.Post("/v1/changes/size-1/releases", Requests.Release())).Read<ReleaseOutcome>(409);
        var rule = refused.Verdict.Rules.Single(r => !r.Passed);
        rule.Rule.ShouldBe("within-size-budget");
        rule.Detail.ShouldBe("Split suggested: head 5120e01 changes 812 line(s) (+700 -112) in 31 file(s); 812 lines over the budget of 400, 31 files over the budget of 20 for generated changes.");
        (await app.Get<Evidence>("/v1/changes/size-1/evidence")).Size.ShouldBe(new RecordedSize("5120e01", new DiffSize(31, 700, 112), 1));

        await (await app.Post("/v1/changes/size-1/splits", new SplitChangeRequest(
        [
            new SplitChildBody("size-1a", "Retry refunds", new ScopeBody(["src/refunds/**"], []), new DiffSizeBody(12, 300, 50)),
            new SplitChildBody("size-1b", "Ledger balance", new ScopeBody(["src/ledger/**"], [])),
        ], "alice", "too big to review"))).ShouldHaveStatus(201);

        await (await app.Post("/v1/changes/size-1a/reviews", Requests.Review("erin", "5120e01"))).ShouldHaveStatus(201);
        var child = await app.Get<ReleaseVerdict>("/v1/changes/size-1a/readiness?environment=prod");
        child.Ready.ShouldBeTrue();
        child.Rules.Single(r => r.Rule == "within-size-budget").Detail.ShouldEndWith("changes 350 line(s) (+300 -50) in 12 file(s). Split from size-1.");
        var unknown = await app.Get<ReleaseVerdict>("/v1/changes/size-1b/readiness?environment=prod");
        unknown.Rules.Single(r => r.Rule == "within-size-budget").Detail.ShouldStartWith("Size unknown: no diff size is recorded for head 5120e01");

        // A revision that brings its own size is measured again.
        await (await app.Post("/v1/changes/size-1b/revisions", new ReviseChangeRequest("5120e02", "alice", Size: new DiffSizeBody(3, 40, 2)))).ShouldHaveStatus(201);
        (await app.Get<ReleaseVerdict>("/v1/changes/size-1b/readiness?environment=prod")).Rules.Single(r => r.Rule == "within-size-budget").Passed.ShouldBeTrue();
        (await app.Get<ReleasePolicy>(PolicyUrl(repo))).SizeBudget.ShouldBe(Budget);
    }

    [Fact]
    public async Task a_bad_size_or_budget_is_refused_and_records_nothing()
    {
        var problem = await (await app.Post("/v1/changes", Requests.Generated("size-bad") with { Size = new DiffSizeBody(2, -1, null) })).ShouldBeProblem(400, "validation");
        problem.GetProperty("errors").TryGetProperty("size.linesAdded", out _).ShouldBeTrue(problem.ToString());
        (await app.EventCount("size-bad")).ShouldBe(0);
        await (await app.Put(PolicyUrl("github.com/acme/bad-budget"), new SetPolicyRequest([], 1, true, "ann", SizeBudget: new SizeBudget(Human: new SizeLimit(MaxChangedFiles: 0)))))
            .ShouldBeProblem(400, "validation");
        (await app.Get<ReleasePolicy>(PolicyUrl("github.com/acme/bad-budget"))).IsDefault.ShouldBeTrue();
    }

    [Fact]
    public async Task sizes_arrive_in_a_batch_like_any_other_member()
    {
        static Dictionary<string, object?> Item(object body, string type, string? changeId = null)
        {
            var item = JsonSerializer.SerializeToElement(body, LedgerApp.Json).Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
            item["type"] = type;
            if (changeId is not null) item["changeId"] = changeId;
            return item;
        }
        var results = await (await app.Post("/v1/events", new[]
        {
            Item(Requests.Generated("size-batch", "ba7c401") with { Size = new DiffSizeBody(2, 10, 1) }, "change_proposed"),
            Item(new ReviseChangeRequest("ba7c402", "alice", Size: new DiffSizeBody(4, 60, 6)), "change_revised", "size-batch"),
        })).Read<IngestionResults>(200);
        results.Results.Select(r => (r.Type, r.Status)).ShouldBe([("change_proposed", 201), ("change_revised", 201)]);
        (await app.Get<Evidence>("/v1/changes/size-batch/evidence")).Size.ShouldBe(new RecordedSize("ba7c402", new DiffSize(4, 60, 6), 2));
    }

    [Fact]
    public async Task the_accumulation_sums_generated_lines_merged_per_week_and_the_lines_a_verified_human_reviewed()
    {
        const string repo = "github.com/acme/accumulated";
        await app.Trust("size-reviewers", app.People, new() { ["groups"] = "size-reviewers" }, [Roles.Review, Roles.Read], [repo], "reviewers sign in");
        var erin = app.ClientWithToken(app.Provider.Mint("people", IdentityLedger.Audience, OidcProvider.Person("erin", "size-reviewers")));
        var from = DateTimeOffset.UtcNow.AddMinutes(-5);

        await (await app.Post("/v1/changes", Requests.Generated("acc-1", "acc0001", repository: repo) with { Size = new DiffSizeBody(3, 100, 20) })).ShouldHaveStatus(201);
        await (await erin.PostAsJsonAsync("/v1/changes/acc-1/reviews", Requests.Review("erin", "acc0001"), LedgerApp.Json)).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/acc-1/merge", new MergeChangeRequest("merge-bot"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated("acc-2", "acc0002", repository: repo) with { Size = new DiffSizeBody(5, 300, 0) })).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/acc-2/reviews", Requests.Review("erin", "acc0002"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/acc-2/merge", new MergeChangeRequest("merge-bot"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated("acc-3", "acc0003", repository: repo))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/acc-3/merge", new MergeChangeRequest("merge-bot"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("acc-4", "acc0004", repository: repo) with { Size = new DiffSizeBody(1, 999, 0) })).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/acc-4/merge", new MergeChangeRequest("merge-bot"))).ShouldHaveStatus(201);

        var to = DateTimeOffset.UtcNow.AddMinutes(5);
        var accumulation = await app.Get<Accumulation>(AccumulationUrl(repo, from, to));
        accumulation.Repository.ShouldBe(repo);
        accumulation.Weeks.Sum(w => w.GeneratedChangesMerged).ShouldBe(3);
        accumulation.Weeks.Sum(w => w.GeneratedLinesMerged).ShouldBe(420);
        accumulation.Weeks.Sum(w => w.VerifiedReviewedLines).ShouldBe(120);
        accumulation.Weeks.Sum(w => w.SizeUnknown).ShouldBe(1);
        accumulation.Weeks.ShouldAllBe(w => System.Text.RegularExpressions.Regex.IsMatch(w.Week, @"^\d{4}-W\d{2}$"));

        var metrics = await (await app.Client.GetAsync("/metrics")).Content.ReadAsStringAsync();
        metrics.Split('\n').ShouldContain(l => l.StartsWith("changeledger_merged_lines_total{") && l.Contains("origin=\"generated\"") && l.Contains("review=\"verified\""), metrics);

        await (await app.Client.GetAsync(AccumulationUrl(repo, to, from))).ShouldBeProblem(400, "validation");
        var other = app.ClientWith(await app.IssueKey("other-reader", [Roles.Read], "github.com/acme/other"));
        (await other.GetAsync(AccumulationUrl(repo, from, to))).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}
