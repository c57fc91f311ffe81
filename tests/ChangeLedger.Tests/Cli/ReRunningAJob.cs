using System.Net;
using ChangeLedger.Cli;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>
/// A pipeline job re-run (GitHub's "Re-run jobs", GitLab's "Retry") runs every changeledger step again. The facts it
/// already recorded are replayed, not repeated or refused; a check it runs again is a new run with its own outcome.
/// </summary>
public sealed class ReRunningAJob(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Repository = "github.com/acme/rerun";

    private static Dictionary<string, string> GitHub(string attempt) => new()
    {
        ["GITHUB_ACTIONS"] = "true", ["GITHUB_RUN_ID"] = "9001", ["GITHUB_JOB"] = "ship", ["GITHUB_RUN_ATTEMPT"] = attempt,
    };

    private async Task<List<CliResult>> Job(Dictionary<string, string> ci, string changeId) =>
    [
        await app.Cli(ci, null, "propose", "--change", changeId, "--repository", Repository, "--title", "Re-run safely", "--owner", "alice", "--head", "c0ffee1"),
        await app.Cli(ci, null, "validate", "--change", changeId, "--check", "unit-tests", "--commit", "c0ffee1", "--", "true"),
        await app.Cli(ci, null, "review", "--change", changeId, "--reviewer", "rita", "--decision", "accepted", "--commit", "c0ffee1"),
        await app.Cli(ci, null, "hold", "--change", changeId, "--reason", "smoke tests", "--placed-by", "ci", "--hold-id", "smoke"),
        await app.Cli(ci, null, "lift", "--change", changeId, "--hold-id", "smoke", "--lifted-by", "rita", "--justification", "smoke passed"),
        await app.Cli(ci, null, "release", "--change", changeId, "--environment", "prod", "--version", "1.0.0", "--released-by", "deployer"),
    ];

    private async Task Policy()
    {
        var set = await app.Put($"/v1/repositories/{Uri.EscapeDataString(Repository)}/policy", new SetPolicyRequest(["unit-tests"], 1, true, "platform", "re-run tests"));
        if (set.StatusCode != HttpStatusCode.OK) await set.ShouldHaveStatus(201);
    }

    [Fact]
    public async Task a_re_run_of_a_github_job_replays_every_fact_and_records_the_check_again()
    {
        await Policy();
        (await Job(GitHub("1"), "rerun-gh-1")).ShouldAllBe(run => run.Exit == 0);
        var events = await app.EventCount("rerun-gh-1");

        var rerun = await Job(GitHub("2"), "rerun-gh-1");

        rerun.ShouldAllBe(run => run.Exit == 0);
        rerun.Where((_, i) => i != 1).ShouldAllBe(run => run.Out.Contains("replayed"));
        rerun[1].Out.ShouldNotContain("replayed");
        (await app.EventCount("rerun-gh-1")).ShouldBe(events + 1);
        // The evidence holds the latest run on the commit; the runs history holds both.
        var unitTests = (await app.Get<Evidence>("/v1/changes/rerun-gh-1/evidence")).Checks.Single(c => c.Check == "unit-tests");
        unitTests.Runs.Single().Version.ShouldBe(events + 1);
        (await app.Get<ValidationRunPage>("/v1/changes/rerun-gh-1/evidence/runs?check=unit-tests")).Runs.Count.ShouldBe(2);
        (await app.Get<ChangeSummary>("/v1/changes/rerun-gh-1")).Status.ShouldBe(ChangeStatus.Released);
    }

    [Fact]
    public async Task a_retried_gitlab_job_replays_the_release()
    {
        await Policy();
        Dictionary<string, string> GitLab(string jobId) => new()
        {
            ["GITLAB_CI"] = "true", ["CI_PIPELINE_ID"] = "77", ["CI_JOB_NAME"] = "deploy: [prod]", ["CI_JOB_ID"] = jobId,
        };
        (await Job(GitLab("501"), "rerun-gl-1")).ShouldAllBe(run => run.Exit == 0);

        var retried = await app.Cli(GitLab("502"), null, "release", "--change", "rerun-gl-1", "--environment", "prod", "--version", "1.0.0", "--released-by", "deployer");

        retried.Exit.ShouldBe(0);
        retried.Out.ShouldContain("released rerun-gl-1 to prod (1.0.0) (replayed");
    }

    [Fact]
    public void event_ids_name_the_run_the_job_and_the_call_and_only_checks_name_the_attempt()
    {
        string Id(Dictionary<string, string> ci, string command, bool perAttempt, params string[] unique) =>
            CiRun.EventId(name => ci.GetValueOrDefault(name), null, command, perAttempt, unique);

        Id(GitHub("3"), "release", false, "chg-1", "prod").ShouldBe("gh:9001:ship:release:chg-1:prod");
        Id(GitHub("3"), "validate", true, "chg-1", "lint", "c0ffee1").ShouldBe("gh:9001:ship:attempt-3:validate:chg-1:lint:c0ffee1");
        CiRun.EventId(GitHub("3").GetValueOrDefault, "mine", "release", false, "chg-1").ShouldBe("mine");
        CiRun.EventId(_ => null, null, "release", false, "chg-1").ShouldStartWith("cli:");
        var long1 = Id(GitHub("1"), "hold", false, "chg-1", new string('x', 300));
        long1.Length.ShouldBeLessThanOrEqualTo(CiRun.MaxEventId);
        long1.ShouldBe(Id(GitHub("2"), "hold", false, "chg-1", new string('x', 300)));
        long1.ShouldNotBe(Id(GitHub("1"), "hold", false, "chg-1", new string('x', 299) + "y"));
    }
}
