using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// A CI matrix that re-runs a job many times on one change: the evidence answers what stands (the latest run of each
/// check on each commit) and stays that size however often the job re-ran; every run is still there, a page at a time.
/// </summary>
public sealed class ReadingRunHistory(LedgerApp app) : IClassFixture<LedgerApp>
{
    private async Task Run(string changeId, string check, string commit, ValidationOutcome outcome) =>
        await (await app.Post($"/v1/changes/{changeId}/validations", Requests.Check(check, commit, outcome))).ShouldHaveStatus(201);

    [Fact]
    public async Task the_evidence_keeps_the_latest_run_per_check_and_commit_and_the_history_pages_every_run()
    {
        await (await app.Post("/v1/changes", Requests.Human("runs-1", head: "aaa0001"))).ShouldHaveStatus(201);
        for (var i = 0; i < 5; i++) await Run("runs-1", "unit-tests", "aaa0001", i % 2 == 0 ? ValidationOutcome.Failed : ValidationOutcome.Passed);
        await Run("runs-1", "lint", "aaa0001", ValidationOutcome.Passed);
        await (await app.Post("/v1/changes/runs-1/revisions", new ReviseChangeRequest("bbb0002", "alice", "fix"))).ShouldHaveStatus(201);
        await Run("runs-1", "unit-tests", "bbb0002", ValidationOutcome.Passed);

        var evidence = await app.Get<Evidence>("/v1/changes/runs-1/evidence");
        var unit = evidence.Checks.Single(c => c.Check == "unit-tests");
        unit.Runs.Select(r => (r.Commit, r.Outcome)).ShouldBe([("aaa0001", ValidationOutcome.Failed), ("bbb0002", ValidationOutcome.Passed)]);
        unit.LatestOnHead!.Commit.ShouldBe("bbb0002");
        unit.StaleRuns.Single().Version.ShouldBe(6, "the fifth run on the old head is the one that stands for it");

        var all = new List<ValidationRun>();
        long? after = null;
        var pages = 0;
        do
        {
            var page = await app.Get<ValidationRunPage>($"/v1/changes/runs-1/evidence/runs?limit=3{(after is null ? "" : $"&after={after}")}");
            page.Runs.Count.ShouldBeLessThanOrEqualTo(3);
            all.AddRange(page.Runs);
            after = page.NextAfter;
            pages++;
        } while (after is not null);
        pages.ShouldBe(3);
        all.Select(r => r.Version).ShouldBe([2, 3, 4, 5, 6, 7, 9]);
        all.Count(r => r.Stale).ShouldBe(6);

        var lint = await app.Get<ValidationRunPage>("/v1/changes/runs-1/evidence/runs?check=lint");
        lint.Runs.Single().ShouldSatisfyAllConditions(r => r.Check.ShouldBe("lint"), r => r.Version.ShouldBe(7), r => r.Stale.ShouldBeTrue());
        lint.NextAfter.ShouldBeNull();
    }

    [Fact]
    public async Task the_evidence_document_does_not_grow_with_re_runs_on_one_commit()
    {
        await (await app.Post("/v1/changes", Requests.Human("runs-2", head: "ccc0003"))).ShouldHaveStatus(201);
        await Run("runs-2", "unit-tests", "ccc0003", ValidationOutcome.Passed);
        var once = await StoredSize("runs-2");
        for (var i = 0; i < 30; i++) await Run("runs-2", "unit-tests", "ccc0003", ValidationOutcome.Passed);

        // Counts, versions and the times' fractional digits vary by a few bytes; one more run kept adds about 300.
        (await StoredSize("runs-2")).ShouldBeLessThan(once + 200);
        (await app.Get<ValidationRunPage>("/v1/changes/runs-2/evidence/runs?limit=1000")).Runs.Count.ShouldBe(31);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("after=-1", "after")]
    public async Task a_page_that_cannot_be_read_is_a_problem_naming_the_parameter(string query, string member)
    {
        var problem = await (await app.Client.GetAsync($"/v1/changes/runs-3/evidence/runs?{query}")).ShouldBeProblem(400, "validation");
        problem.GetProperty("errors").TryGetProperty(member, out _).ShouldBeTrue(problem.ToString());
    }

    [Fact]
    public async Task the_history_of_a_change_outside_the_keys_repositories_is_not_found()
    {
        await (await app.Post("/v1/changes", Requests.Human("runs-4"))).ShouldHaveStatus(201);
        var key = await app.IssueKey("elsewhere", [ChangeLedger.Access.Roles.Read], "github.com/acme/elsewhere");

        var answer = await app.ClientWith(key).GetAsync("/v1/changes/runs-4/evidence/runs");

        await answer.ShouldBeProblem(404, "unknown-change");
    }

    private Task<long> StoredSize(string changeId) =>
        app.Count($"select octet_length(data::text) from ledger.mt_doc_change_record where id = '{changeId}'");
}
