using System.Text.Json;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Release;

namespace ChangeLedger.Tests.Decisions;

/// <summary>The policy's rules over attestations, each both ways, judged on the head commit with the attestation it used.</summary>
public sealed class AttestationVerdictTests
{
    private const string Digest = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    private static ReleasePolicy Policy(AttestationPolicy rules) =>
        new("github.com/acme/payments", new PolicyRules { RequiredChecks = [], MinApprovals = 1, GeneratedChangesNeedHumanReview = true, Attestations = rules }) { Version = 3, SetBy = "admin" };

    private static VerdictRule Rule(History h, AttestationPolicy rules, string rule) =>
        Verdict.Evaluate(h.Change, h.Evidence, Policy(rules), "prod", History.T0.AddDays(1)).Rules.Single(r => r.Rule == rule);

    private static History Ready(params object[] attestations)
    {
        var h = History.Of(History.Proposed(), History.Review("erin", "h1"));
        foreach (var a in attestations) h.Then(a);
        return h;
    }

    private static AttestationRecorded Attest(AttestationType type, string commit = "h1", string? name = null, TestReportSummary? tests = null,
        StaticAnalysisSummary? sarif = null, SbomSummary? sbom = null, CoverageSummary? coverage = null) =>
        new(History.Id, type, name, commit, null, Digest, "gha", null, tests, sarif, sbom, coverage, null, null, History.T0);

    private static AttestationRecorded Tests(int failures, int errors = 0, string commit = "h1", string? name = null) =>
        Attest(AttestationType.TestReport, commit, name, tests: new TestReportSummary(40, failures, errors, 1, "junit"));

    private static AttestationRecorded Sarif(int errors, string commit = "h1") =>
        Attest(AttestationType.StaticAnalysis, commit, sarif: new StaticAnalysisSummary("CodeQL", errors, 2, 0, 0,
            errors > 0 ? [new RuleFindings("cs/sql-injection", "error", errors)] : [], "sarif-2.1.0"));

    private static AttestationRecorded Coverage(double percent, string commit = "h1") =>
        Attest(AttestationType.Coverage, commit, coverage: new CoverageSummary(percent, null, null, "cobertura"));

    [Fact]
    public void no_attestation_rule_appears_in_a_verdict_whose_policy_sets_none()
    {
        var verdict = Verdict.Evaluate(Ready().Change, Ready().Evidence, Policy(new AttestationPolicy()) with { Attestations = null }, "prod", History.T0);
        verdict.Rules.Select(r => r.Rule).ShouldNotContain(AttestationVerdict.TestsPassRule);
        verdict.Ready.ShouldBeTrue();
    }

    [Fact]
    public void a_test_report_with_zero_failures_on_the_head_passes_and_names_the_attestation()
    {
        var rule = Rule(Ready(Tests(0)), new AttestationPolicy(TestsPass: true), AttestationVerdict.TestsPassRule);
        rule.Passed.ShouldBeTrue();
        rule.Evidence.Single().ShouldBe(new EventRef(3, "attestation_recorded", $"test_report {Digest}"));
    }

    [Fact]
    public void a_test_report_with_failures_or_errors_or_none_at_all_fails()
    {
        var failures = Rule(Ready(Tests(2)), new AttestationPolicy(TestsPass: true), AttestationVerdict.TestsPassRule);
        failures.Passed.ShouldBeFalse();
        failures.Detail.ShouldBe("test_report: 40 tests, 2 failures, 0 errors on head h1.");
        failures.Evidence.Single().Version.ShouldBe(3);
        Rule(Ready(Tests(0, errors: 1)), new AttestationPolicy(TestsPass: true), AttestationVerdict.TestsPassRule).Passed.ShouldBeFalse();
        Rule(Ready(), new AttestationPolicy(TestsPass: true), AttestationVerdict.TestsPassRule).Detail.ShouldBe("No test report is attested on head h1.");
    }

    [Fact]
    public void a_passing_report_on_an_older_commit_is_stale_and_does_not_count()
    {
        var h = Ready(Tests(0, commit: "h0"));
        h.Evidence.Attestations!.Single().Stale.ShouldBeTrue();
        Rule(h, new AttestationPolicy(TestsPass: true), AttestationVerdict.TestsPassRule).Passed.ShouldBeFalse();
    }

    [Fact]
    public void the_latest_report_of_each_name_counts_so_a_fixed_rerun_passes_but_a_failing_suite_of_another_name_does_not()
    {
        Rule(Ready(Tests(3), Tests(0)), new AttestationPolicy(TestsPass: true), AttestationVerdict.TestsPassRule).Passed.ShouldBeTrue();
        var rule = Rule(Ready(Tests(0, name: "unit"), Tests(1, name: "integration")), new AttestationPolicy(TestsPass: true), AttestationVerdict.TestsPassRule);
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldStartWith("test_report integration: 40 tests, 1 failures");
    }

    [Fact]
    public void a_static_analysis_without_error_level_findings_passes_and_one_with_them_fails_naming_the_rules()
    {
        Rule(Ready(Sarif(0)), new AttestationPolicy(NoErrorFindings: true), AttestationVerdict.NoErrorFindingsRule).Passed.ShouldBeTrue();
        var failed = Rule(Ready(Sarif(2)), new AttestationPolicy(NoErrorFindings: true), AttestationVerdict.NoErrorFindingsRule);
        failed.Passed.ShouldBeFalse();
        failed.Detail.ShouldBe("static_analysis (CodeQL): 2 error-level findings (cs/sql-injection x2) on head h1.");
        failed.Evidence.Single().Version.ShouldBe(3);
        Rule(Ready(), new AttestationPolicy(NoErrorFindings: true), AttestationVerdict.NoErrorFindingsRule).Passed.ShouldBeFalse();
    }

    [Fact]
    public void an_sbom_on_the_head_passes_and_none_fails()
    {
        var sbom = Attest(AttestationType.Sbom, sbom: new SbomSummary("cyclonedx", "1.5", 12, "payments"));
        var passed = Rule(Ready(sbom), new AttestationPolicy(SbomAttached: true), AttestationVerdict.SbomRule);
        passed.Passed.ShouldBeTrue();
        passed.Detail.ShouldBe("sbom: cyclonedx 1.5, 12 components on head h1.");
        Rule(Ready(Tests(0)), new AttestationPolicy(SbomAttached: true), AttestationVerdict.SbomRule).Passed.ShouldBeFalse();
    }

    [Fact]
    public void coverage_at_or_above_the_minimum_passes_and_below_it_or_missing_fails()
    {
        Rule(Ready(Coverage(80)), new AttestationPolicy(MinCoverage: 80), AttestationVerdict.CoverageRule).Passed.ShouldBeTrue();
        var low = Rule(Ready(Coverage(92.5), Coverage(79.9)), new AttestationPolicy(MinCoverage: 80), AttestationVerdict.CoverageRule);
        low.Passed.ShouldBeFalse();
        low.Detail.ShouldBe("Coverage 79.9% on head h1 is below the 80% the policy requires.");
        low.Evidence.Single().Version.ShouldBe(4);
        Rule(Ready(), new AttestationPolicy(MinCoverage: 80), AttestationVerdict.CoverageRule).Passed.ShouldBeFalse();
    }

    [Fact]
    public void an_attestation_bound_only_to_an_artifact_is_never_stale_but_proves_nothing_about_the_head()
    {
        var h = Ready(new AttestationRecorded(History.Id, AttestationType.Sbom, null, null, Digest, Digest, "gha", null, null, null,
            new SbomSummary("spdx", "SPDX-2.3", 3), null, null, null, History.T0), new ChangeRevised(History.Id, "h2", "h1", "alice", null, History.T0));
        h.Evidence.Attestations!.Single().Stale.ShouldBeFalse();
        Rule(h, new AttestationPolicy(SbomAttached: true), AttestationVerdict.SbomRule).Passed.ShouldBeFalse();
    }

    [Fact]
    public void an_attestation_is_recorded_only_on_a_change_that_accepts_evidence()
    {
        var command = new RecordAttestation(History.Id, AttestationType.Custom, "perf-budget", "h1", null, Digest, "gha", null, null, null, null, null, null,
            JsonDocument.Parse("{\"p95Ms\": 180.5}").RootElement);
        RecordAttestation.Decide(null, command, History.T0).Problem!.Status.ShouldBe(404);
        var withdrawn = History.Of(History.Proposed(), new ChangeWithdrawn(History.Id, "alice", "dropped", History.T0));
        RecordAttestation.Decide(withdrawn.Change, command, History.T0).Problem!.Type.ShouldEndWith("transition-not-allowed");
        RecordAttestation.Decide(History.Of(History.Proposed()).Change, command, History.T0).Events.Single().ShouldBeOfType<AttestationRecorded>()
            .Custom!.Value.GetProperty("p95Ms").GetDouble().ShouldBe(180.5);
    }
}
