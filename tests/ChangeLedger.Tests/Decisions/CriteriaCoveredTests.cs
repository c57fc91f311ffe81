using System.Text;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Reports;
using ChangeLedger.Release;

namespace ChangeLedger.Tests.Decisions;

/// <summary>Acceptance criteria as identified items, the evidence that claims them, and the rule criteria-covered: given events → when command → then events, problem or verdict.</summary>
public sealed class CriteriaCoveredTests
{
    private static readonly DateTimeOffset Now = History.T0.AddDays(1);
    private const string PatchA = "1111111111111111111111111111111111111111";

    private static ReleasePolicy Policy(CriteriaPolicy? criteria = null, bool carryOver = false) =>
        new("github.com/acme/payments", new PolicyRules { RequiredChecks = [], MinApprovals = 0, GeneratedChangesNeedHumanReview = false, CriteriaCovered = criteria, CarryOverOnSamePatchId = carryOver })
        { Version = 2, SetBy = "admin" };

    private static ChangeProposed Proposed(params string[] criteria) => History.Proposed() with { AcceptanceCriteria = criteria };

    private static ValidationRecorded Check(string check, string commit, ValidationOutcome outcome, params string[] criteria) =>
        History.Check(check, commit, outcome) with { Criteria = criteria };

    private static ReviewDecided Accepted(string reviewer, string commit, string assurance, params string[] criteria) =>
        History.Review(reviewer, commit) with { Assurance = assurance, VerifiedAs = assurance == "verified" ? "jwt:people#" + reviewer : null, Criteria = criteria };

    private static AttestationRecorded Tests(string commit, int failures, params string[] criteria) =>
        new(History.Id, AttestationType.TestReport, "unit", commit, null, "sha256:" + new string('a', 64), "gha", null,
            new TestReportSummary(10, failures, 0), null, null, null, null, null, History.T0, Criteria: criteria);

    private static VerdictRule? Rule(History h, ReleasePolicy policy) =>
        Verdict.Evaluate(h.Change, h.Evidence, policy, "prod", Now).Rules.SingleOrDefault(r => r.Rule == CriteriaCovered.Rule);

    private static History Revise(History h, string head, CriteriaRevisionBody? criteria, string? patchId = null)
    {
        var decision = ReviseChange.Decide(h.Change, new ReviseChange(History.Id, head, "alice", null, null, patchId, null, criteria), History.T0);
        decision.Problem.ShouldBeNull();
        foreach (var e in decision.Events) h.Then(e);
        return h;
    }

    [Fact]
    public void a_proposal_of_plain_strings_reads_as_AC_1_to_AC_n_and_one_with_ids_keeps_them()
    {
        History.Of(Proposed("retries at most 3 times", "never retries a decline")).Evidence.Criteria!.Select(c => (c.Id, c.Text))
            .ShouldBe([("AC-1", "retries at most 3 times"), ("AC-2", "never retries a decline")]);
        History.Of(History.Proposed()).Evidence.Criteria.ShouldBeNull();

        var template = History.Proposed();
        var proposed = ProposeChange.Decide(null, new ProposeChange(History.Id, template.Repository, "t", "h1", null, "alice", "ci-bot", template.Origin, Scope.Empty,
            ["retries at most 3 times"], CriterionIds: ["REQ-7"]), History.T0).Events.OfType<ChangeProposed>().Single();
        proposed.CriterionIds.ShouldBe(["REQ-7"]);
        History.Of(proposed).Evidence.Criteria!.Single().Id.ShouldBe("REQ-7");
    }

    [Fact]
    public void a_revision_adds_rewords_and_drops_criteria_each_recorded_and_never_reuses_an_id()
    {
        var h = History.Of(Proposed("a", "b", "c"));
        Revise(h, "h2", new CriteriaRevisionBody([new CriterionBody(null, "d")], [new CriterionBody("AC-1", "a, reworded")], ["AC-3"]));

        var recorded = h.Change.Evidence.Criteria!;
        recorded.Select(c => (c.Id, c.Text, c.DroppedVersion)).ShouldBe([("AC-1", "a, reworded", null), ("AC-2", "b", null), ("AC-3", "c", 3L), ("AC-4", "d", null)]);
        recorded[0].Version.ShouldBe(3);
        h.Summary.AcceptanceCriteria.ShouldBe(["a, reworded", "b", "d"]);

        var again = ReviseChange.Decide(h.Change, new ReviseChange(History.Id, "h3", "alice", Criteria: new CriteriaRevisionBody(Reword: [new CriterionBody("AC-3", "c again")])), History.T0);
        again.Problem!.Type.ShouldBe("unknown-criterion");
        again.Problem.Detail.ShouldBe("Change 'chg-1' has no acceptance criterion AC-3; it has AC-1, AC-2, AC-4.");
        ReviseChange.Decide(h.Change, new ReviseChange(History.Id, "h3", "alice", Criteria: new CriteriaRevisionBody([new CriterionBody("AC-3", "c again")])), History.T0)
            .Problem!.Type.ShouldBe("criterion-exists");
    }

    [Fact]
    public void evidence_may_claim_only_criteria_the_change_has_now()
    {
        var change = History.Of(Proposed("a")).Change;
        var validation = RecordValidation.Decide(change, new RecordValidation(History.Id, "unit", "h1", ValidationOutcome.Passed, "gha", Criteria: ["AC-1", "AC-9"]), History.T0);
        (validation.Problem!.Status, validation.Problem.Type).ShouldBe((422, "unknown-criterion"));
        DecideReview.Decide(change, new DecideReview(History.Id, "erin", ReviewDecision.Accepted, "h1", Criteria: ["ac-1"]), History.T0).Problem!.Type.ShouldBe("unknown-criterion");
        RecordValidation.Decide(change, new RecordValidation(History.Id, "unit", "h1", ValidationOutcome.Passed, "gha", Criteria: ["AC-1"]), History.T0)
            .Events.OfType<ValidationRecorded>().Single().Criteria.ShouldBe(["AC-1"]);
        RecordValidation.Decide(change, new RecordValidation(History.Id, "unit", "h1", ValidationOutcome.Passed, "gha"), History.T0)
            .Events.OfType<ValidationRecorded>().Single().Criteria.ShouldBeNull();
        DecideReview.Validate(new DecideReviewRequest("erin", ReviewDecision.Rejected, "h1", Criteria: ["AC-1"])).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void the_rule_is_absent_unless_the_policy_turns_it_on()
    {
        Rule(History.Of(Proposed("a")), Policy()).ShouldBeNull();
    }

    [Fact]
    public void each_criterion_is_listed_with_what_covers_it_or_not_covered()
    {
        var h = History.Of(Proposed("a", "b", "c"), Check("unit", "h1", ValidationOutcome.Passed, "AC-1"), Check("e2e", "h1", ValidationOutcome.Failed, "AC-2"),
            Tests("h1", 0, "AC-2"));
        var rule = Rule(h, Policy(new CriteriaPolicy()))!;

        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldBe("2 of 3 acceptance criteria covered on head h1: AC-1 covered by check unit passed on h1; AC-2 covered by test_report unit on h1; AC-3 not covered.");
        rule.Evidence.ShouldBe([new EventRef(2, "validation_recorded", "AC-1: check unit passed on h1"), new EventRef(4, "attestation_recorded", "AC-2: test_report unit on h1")]);

        Rule(h.Then(Check("lint", "h1", ValidationOutcome.Passed, "AC-3")), Policy(new CriteriaPolicy()))!.Passed.ShouldBeTrue();
    }

    [Fact]
    public void a_test_report_with_failures_covers_nothing()
    {
        var h = History.Of(Proposed("a"), Tests("h1", 1, "AC-1"));
        Rule(h, Policy(new CriteriaPolicy()))!.Detail.ShouldEndWith("AC-1 not covered.");
    }

    [Fact]
    public void a_reviewers_acceptance_counts_only_where_the_policy_says_and_only_verified_and_independent()
    {
        var h = History.Of(Proposed("a", "b"), Accepted("erin", "h1", "verified", "AC-1"), Accepted("frank", "h1", "asserted", "AC-2"));
        Rule(h, Policy(new CriteriaPolicy()))!.Detail.ShouldBe("0 of 2 acceptance criteria covered on head h1: AC-1 not covered; AC-2 not covered.");

        var rule = Rule(h, Policy(new CriteriaPolicy(VerifiedReviewCounts: true)))!;
        rule.Detail.ShouldBe("1 of 2 acceptance criteria covered on head h1: AC-1 covered by erin's verified acceptance on h1; AC-2 not covered.");
        rule.Evidence.Single().Assurance.ShouldBe("verified");

        // The owner is not independent, however signed in.
        Rule(History.Of(Proposed("a"), Accepted("alice", "h1", "verified", "AC-1")), Policy(new CriteriaPolicy(VerifiedReviewCounts: true)))!.Passed.ShouldBeFalse();
    }

    [Fact]
    public void a_revision_makes_coverage_stale_unless_the_same_patch_id_carries_it_over()
    {
        var h = History.Of(Proposed("a") with { PatchId = PatchA }, Check("unit", "h1", ValidationOutcome.Passed, "AC-1"));
        Revise(h, "h2", null, PatchA);

        Rule(h, Policy(new CriteriaPolicy()))!.Detail.ShouldBe("0 of 1 acceptance criteria covered on head h2: AC-1 not covered.");
        var carried = Rule(h, Policy(new CriteriaPolicy(), carryOver: true))!;
        carried.Passed.ShouldBeTrue();
        carried.Detail.ShouldContain("check unit passed on h1 (carried over from h1, same patch-id)");
    }

    [Fact]
    public void a_reworded_criterion_is_covered_only_by_evidence_recorded_after_its_new_wording()
    {
        var h = History.Of(Proposed("a") with { PatchId = PatchA }, Check("unit", "h1", ValidationOutcome.Passed, "AC-1"));
        Revise(h, "h2", new CriteriaRevisionBody(Reword: [new CriterionBody("AC-1", "a, stricter")]), PatchA);
        Rule(h, Policy(new CriteriaPolicy(), carryOver: true))!.Passed.ShouldBeFalse();

        h.Then(Check("unit", "h2", ValidationOutcome.Passed, "AC-1"));
        Rule(h, Policy(new CriteriaPolicy(), carryOver: true))!.Passed.ShouldBeTrue();
    }

    [Fact]
    public void a_change_without_criteria_fails_the_rule()
    {
        var rule = Rule(History.Of(History.Proposed()), Policy(new CriteriaPolicy()))!;
        (rule.Passed, rule.Detail, rule.Evidence.Count).ShouldBe((false, "The change declares no acceptance criteria, so none is shown to be met on head h1.", 0));
    }

    [Fact]
    public void a_junit_report_names_criteria_by_a_bracketed_id_in_a_test_name_or_a_criterion_property()
    {
        const string xml = """
            <testsuites><testsuite name="refunds">
              <testcase name="retries at most 3 times [AC-1]"/>
              <testcase name="[Theory] declines are final"><properties><property name="criterion" value="AC-2"/></properties><failure/></testcase>
              <testcase name="unrelated [flaky]"/>
            </testsuite></testsuites>
            """;
        var report = JUnit.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), criteria: true);
        report.Criteria.ShouldBe(["AC-1", "AC-2"]);
        report.Summary.ShouldBe(new TestReportSummary(3, 1, 0, 0, "junit"));
        JUnit.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), criteria: false).Criteria.ShouldBeEmpty();
    }

    [Fact]
    public void a_sarif_log_names_criteria_by_a_criterion_tag_on_a_rule_of_the_driver_or_an_extension_or_on_a_result()
    {
        const string log = """
            {"version":"2.1.0","runs":[{
              "tool":{"driver":{"name":"CodeQL","rules":[
                  {"id":"cs/retry-bound","properties":{"tags":["correctness","criterion:AC-1"]}},
                  {"id":"cs/sql-injection","properties":{"tags":["security","external/cwe/cwe-089","CWE-89"]}}]},
                "extensions":[{"name":"acme-queries","rules":[{"id":"acme/decline-final","properties":{"tags":["criterion:REQ.7"]}}]}]},
              "results":[
                {"ruleId":"cs/sql-injection","level":"error","message":{"text":"x"},"properties":{"tags":["criterion:AC-2","criterion:AC-1","criterion: "]}},
                {"ruleId":"cs/retry-bound","level":"note","message":{"text":"y"}}]}]}
            """;
        var sarif = Sarif.Read(new MemoryStream(Encoding.UTF8.GetBytes(log)));
        sarif.Criteria.ShouldBe(["AC-1", "REQ.7", "AC-2"]);
        (sarif.AsStaticAnalysis().Errors, sarif.AsSecurityScan().High).ShouldBe((1, 1));
    }

    [Fact]
    public void a_criterion_a_sarif_attestation_claims_is_covered_only_while_the_log_has_no_error_level_finding()
    {
        AttestationRecorded Analysis(int errors) =>
            new(History.Id, AttestationType.StaticAnalysis, null, "h1", null, "sha256:" + new string('c', 64), "gha", null, null,
                new StaticAnalysisSummary("CodeQL", errors, 3, 0), null, null, null, null, History.T0, Criteria: ["AC-1"]);

        Rule(History.Of(Proposed("a"), Analysis(errors: 0)), Policy(new CriteriaPolicy()))!.Detail
            .ShouldBe("1 of 1 acceptance criteria covered on head h1: AC-1 covered by static_analysis on h1.");
        Rule(History.Of(Proposed("a"), Analysis(errors: 1)), Policy(new CriteriaPolicy()))!.Passed.ShouldBeFalse();
    }
}
