using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// Rule criteria-covered end to end: criteria proposed and revised, evidence that claims them through the API, a batch
/// and the CLI, and the verdict that lists each criterion with what covers it.
/// </summary>
public sealed class CoveringAcceptanceCriteria(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Repository = "github.com/acme/criteria";

    private async Task PolicyCoversCriteria(string repository = Repository) =>
        await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(repository)}/policy",
            new SetPolicyRequest([], 0, false, "ann", "criteria first", CriteriaCovered: new CriteriaPolicy(VerifiedReviewCounts: true)))).ShouldHaveStatus(201);

    private static VerdictRule CriteriaRule(ReleaseVerdict verdict) => verdict.Rules.Single(r => r.Rule == "criteria-covered");

    [Fact]
    public async Task each_criterion_shows_in_the_verdict_with_the_evidence_that_claimed_it_and_a_revision_adds_one_not_yet_covered()
    {
        await PolicyCoversCriteria();
        await (await app.Post("/v1/changes", Requests.Generated("crit-1", head: "c1c1c1c", repository: Repository) with
        {
            AcceptanceCriteria = null,
            Criteria = [new CriterionBody("REQ-1", "a timed-out capture is retried at most 3 times"), new CriterionBody("REQ-2", "a decline is never retried")],
        })).ShouldHaveStatus(201);

        await (await app.Post("/v1/changes/crit-1/validations", Requests.Check("unit", "c1c1c1c", ValidationOutcome.Passed) with { Criteria = ["REQ-1"] })).ShouldHaveStatus(201);
        // A key asserts erin's review: the policy counts only a verified reviewer's acceptance.
        await (await app.Post("/v1/changes/crit-1/reviews", Requests.Review("erin", "c1c1c1c") with { Criteria = ["REQ-2"] })).ShouldHaveStatus(201);

        var rule = CriteriaRule(await app.Get<ReleaseVerdict>("/v1/changes/crit-1/readiness?environment=prod"));
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldBe("1 of 2 acceptance criteria covered on head c1c1c1c: REQ-1 covered by check unit passed on c1c1c1c; REQ-2 not covered.");
        rule.Evidence.ShouldHaveSingleItem().ShouldBe(new EventRef(2, "validation_recorded", "REQ-1: check unit passed on c1c1c1c"));

        await (await app.Post("/v1/changes/crit-1/attestations", new RecordAttestationRequest(AttestationType.TestReport, "sha256:" + new string('b', 64), "gha", "c1c1c1c",
            Name: "unit", TestReport: new TestReportSummary(12, 0, 0), Criteria: ["REQ-2"]))).ShouldHaveStatus(201);
        (await app.Get<ReleaseVerdict>("/v1/changes/crit-1/readiness?environment=prod")).Ready.ShouldBeTrue();

        var evidence = await app.Get<Evidence>("/v1/changes/crit-1/evidence");
        evidence.Criteria!.Select(c => c.Id).ShouldBe(["REQ-1", "REQ-2"]);
        evidence.Checks.Single().LatestOnHead!.Criteria.ShouldBe(["REQ-1"]);
        evidence.Reviews.Single().Criteria.ShouldBe(["REQ-2"]);
        evidence.Attestations!.Single().Criteria.ShouldBe(["REQ-2"]);

        await (await app.Post("/v1/changes/crit-1/revisions", new ReviseChangeRequest("c2c2c2c", "alice", "handle 5xx too",
            Criteria: new CriteriaRevisionBody(Add: [new CriterionBody(null, "a 5xx is retried like a timeout")])))).ShouldHaveStatus(201);
        CriteriaRule(await app.Get<ReleaseVerdict>("/v1/changes/crit-1/readiness?environment=prod")).Detail
            .ShouldBe("0 of 3 acceptance criteria covered on head c2c2c2c: REQ-1 not covered; REQ-2 not covered; AC-3 not covered.");
        var trail = await app.Get<AuditTrail>("/v1/changes/crit-1/trail");
        var revised = trail.Events.Single(e => e.Type == "acceptance_criteria_revised");
        revised.Data.GetProperty("added")[0].GetProperty("id").GetString().ShouldBe("AC-3");
        (await app.Get<ChangeSummary>("/v1/changes/crit-1")).AcceptanceCriteria.Count.ShouldBe(3);
    }

    [Fact]
    public async Task evidence_naming_a_criterion_the_change_does_not_have_is_refused_and_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Generated("crit-2", head: "c1c1c1c", repository: Repository))).ShouldHaveStatus(201);
        var problem = await (await app.Post("/v1/changes/crit-2/validations", Requests.Check("unit", "c1c1c1c", ValidationOutcome.Passed) with { Criteria = ["AC-2"] }))
            .ShouldBeProblem(422, "unknown-criterion");
        problem.GetProperty("detail").GetString().ShouldBe("Change 'crit-2' has no acceptance criterion AC-2; it has AC-1.");
        (await (await app.Post("/v1/changes/crit-2/reviews", Requests.Review("erin", "c1c1c1c", ReviewDecision.Rejected) with { Criteria = ["AC-1"] }))
            .ShouldBeProblem(400, "validation")).GetProperty("errors").GetProperty("criteria")[0].GetString().ShouldBe("Only an accepting review accepts criteria.");
        (await app.EventCount("crit-2")).ShouldBe(1);
    }

    [Fact]
    public async Task a_batch_carries_the_criteria_a_validation_claims()
    {
        var propose = JsonSerializer.SerializeToElement(Requests.Generated("crit-batch", head: "c1c1c1c", repository: Repository), LedgerApp.Json)
            .Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
        propose["type"] = "change_proposed";
        var check = JsonSerializer.SerializeToElement(Requests.Check("unit", "c1c1c1c", ValidationOutcome.Passed) with { Criteria = ["AC-1"] }, LedgerApp.Json)
            .Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
        (check["type"], check["changeId"]) = ("validation_recorded", "crit-batch");

        var results = await (await app.Post("/v1/events", new[] { propose, check })).Read<IngestionResults>(200);
        results.Results.Select(r => r.Status).ShouldBe([201, 201]);
        CriteriaRule(await app.Get<ReleaseVerdict>("/v1/changes/crit-batch/readiness?environment=prod")).Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task the_cli_proposes_criteria_claims_them_from_a_check_and_a_junit_report_and_the_gate_names_the_rule()
    {
        const string repository = "github.com/acme/criteria-cli";
        await PolicyCoversCriteria(repository);
        var junit = Path.Combine(Directory.CreateTempSubdirectory("changeledger-criteria-").FullName, "unit.xml");
        await File.WriteAllTextAsync(junit, """
            <testsuite name="refunds"><testcase name="declines are final [AC-2]"/><testcase name="other"/></testsuite>
            """);
        string[] change = ["--change", "crit-cli"];

        var propose = await app.Cli(["propose", .. change, "--repository", repository, "--title", "Retry captures", "--owner", "alice", "--head", "d1d1d1d",
            "--criterion", "retries at most 3 times", "--criterion", "a decline is never retried", "--criterion", "logs each retry"]);
        propose.Exit.ShouldBe(0, propose.All);
        var validate = await app.Cli(["validate", .. change, "--check", "unit", "--commit", "d1d1d1d", "--outcome", "passed", "--criteria", "AC-1"]);
        validate.Exit.ShouldBe(0, validate.All);
        var attest = await app.Cli(["attest", "junit", junit, .. change, "--commit", "d1d1d1d", "--criteria-from-tests"]);
        attest.Exit.ShouldBe(0, attest.All);
        var unknown = await app.Cli(["validate", .. change, "--check", "lint", "--commit", "d1d1d1d", "--outcome", "passed", "--criteria", "AC-9"]);
        unknown.Exit.ShouldNotBe(0);
        unknown.All.ShouldContain("AC-9");

        var gate = await app.Cli(["gate", .. change, "--environment", "prod"]);
        gate.Exit.ShouldBe(1, gate.All);
        gate.Out.ShouldContain("FAILED criteria-covered: 2 of 3 acceptance criteria covered on head d1d1d1d: AC-1 covered by check unit passed on d1d1d1d; " +
                               "AC-2 covered by test_report on d1d1d1d; AC-3 not covered.");

        var revise = await app.Cli(["revise", .. change, "--head", "d2d2d2d", "--revised-by", "alice", "--drop-criterion", "AC-3", "--reword-criterion", "AC-1=retries at most twice"]);
        revise.Exit.ShouldBe(0, revise.All);
        (await app.Get<Evidence>("/v1/changes/crit-cli/evidence")).Criteria!.Select(c => (c.Id, c.Text, c.DroppedVersion is not null))
            .ShouldBe([("AC-1", "retries at most twice", false), ("AC-2", "a decline is never retried", false), ("AC-3", "logs each retry", true)]);
        var trail = await app.Cli(["trail", .. change]);
        trail.Exit.ShouldBe(0, trail.All);
        trail.Out.ShouldContain("unit passed on d1d1d1d, proves AC-1");
        trail.Out.ShouldContain("criteria reworded AC-1 \"retries at most twice\"; dropped AC-3");
        Directory.Delete(Path.GetDirectoryName(junit)!, recursive: true);
    }

    [Fact]
    public async Task the_cli_claims_criteria_from_the_tags_of_a_sarif_log_and_they_are_covered_once_a_log_of_the_head_has_no_error()
    {
        const string repository = "github.com/acme/criteria-sarif";
        await PolicyCoversCriteria(repository);
        await (await app.Post("/v1/changes", Requests.Generated("crit-sarif", head: "d3d3d3d", repository: repository) with
        {
            AcceptanceCriteria = ["no query is built from user input", "a decline is never retried"],
        })).ShouldHaveStatus(201);
        var folder = Directory.CreateTempSubdirectory("changeledger-criteria-sarif-").FullName;
        string Log(string name, string level, string tag)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, $$$"""
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL","rules":[
                    {"id":"cs/sql-injection","properties":{"tags":["security","criterion:AC-1"]}},
                    {"id":"cs/retry-after-decline"}]}},
                  "results":[{"ruleId":"cs/retry-after-decline","level":"{{{level}}}","message":{"text":"retried"},"properties":{"tags":["{{{tag}}}"]}}]}]}
                """);
            return path;
        }
        string[] change = ["--change", "crit-sarif", "--commit", "d3d3d3d", "--criteria-from-tags"];

        var failing = await app.Cli(["attest", "sarif", Log("failing.sarif", "error", "criterion:AC-2"), .. change]);
        failing.Exit.ShouldBe(0, failing.All);
        var gate = await app.Cli(["gate", "--change", "crit-sarif", "--environment", "prod"]);
        gate.Out.ShouldContain("FAILED criteria-covered: 0 of 2 acceptance criteria covered on head d3d3d3d: AC-1 not covered; AC-2 not covered.");

        var unknown = await app.Cli(["attest", "sarif", Log("unknown.sarif", "note", "criterion:AC-9"), .. change]);
        unknown.Exit.ShouldNotBe(0);
        unknown.All.ShouldContain("AC-9");

        var passing = await app.Cli(["attest", "sarif", Log("passing.sarif", "warning", "criterion:AC-2"), .. change]);
        passing.Exit.ShouldBe(0, passing.All);
        var rule = CriteriaRule(await app.Get<ReleaseVerdict>("/v1/changes/crit-sarif/readiness?environment=prod"));
        (rule.Passed, rule.Detail).ShouldBe((true, "2 of 2 acceptance criteria covered on head d3d3d3d: AC-1 covered by static_analysis on d3d3d3d; AC-2 covered by static_analysis on d3d3d3d."));
        Directory.Delete(folder, recursive: true);
    }
}
