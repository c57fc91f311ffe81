using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Release;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// The validation-first rule: given a change's events and a policy asking for it, the verdict says whether a proof of
/// red before green is attested on the current head, and names it.
/// </summary>
public sealed class ValidationFirstTests
{
    private const string Digest = "sha256:00000000000000000000000000000000000000000000000000000000000000aa";
    private const string FileDigest = "sha256:00000000000000000000000000000000000000000000000000000000000000bb";

    private static ReleasePolicy Policy(ValidationFirstFor? applies, bool carryOver = false) =>
        new("github.com/acme/payments", new PolicyRules
        {
            RequiredChecks = [], MinApprovals = 1, GeneratedChangesNeedHumanReview = true, ValidationFirst = applies, CarryOverOnSamePatchId = carryOver,
        }) { Version = 4, SetBy = "admin" };

    private static ReleaseVerdict Verdict(History h, ValidationFirstFor? applies, bool carryOver = false) =>
        Release.Verdict.Evaluate(h.Change, h.Evidence, Policy(applies, carryOver), "prod", History.T0.AddDays(1));

    private static VerdictRule Rule(History h, ValidationFirstFor applies = ValidationFirstFor.Generated, bool carryOver = false) =>
        Verdict(h, applies, carryOver).Rules.Single(r => r.Rule == ValidationFirstRule.Name);

    private static History Reviewed(OriginKind origin = OriginKind.Generated, params object[] then)
    {
        var h = History.Of(History.Proposed(origin), History.Review("erin", "h1"));
        foreach (var e in then) h.Then(e);
        return h;
    }

    private static AttestationRecorded Proof(string head = "h1", ValidationOutcome onBase = ValidationOutcome.Failed, ValidationOutcome onHead = ValidationOutcome.Passed,
        IReadOnlyList<string>? cases = null) =>
        new(History.Id, AttestationType.ValidationFirst, "unit", head, null, Digest, "gha", null, null, null, null, null, null, null, History.T0,
            ValidationFirst: new ValidationFirstSummary(new ValidationFirstRun("b0", onBase, onBase == ValidationOutcome.Failed ? 1 : 0),
                new ValidationFirstRun(head, onHead, onHead == ValidationOutcome.Passed ? 0 : 1), [new TestFileDigest("tests/sub_test.sh", FileDigest)], "./run-tests.sh", cases));

    [Fact]
    public void a_policy_without_the_switch_yields_no_rule_and_the_verdict_is_unchanged()
    {
        var h = Reviewed();
        var off = Verdict(h, null);
        off.Rules.Select(r => r.Rule).ShouldNotContain(ValidationFirstRule.Name);
        off.Ready.ShouldBeTrue();
    }

    [Fact]
    public void a_generated_change_without_a_proof_is_not_ready()
    {
        var rule = Rule(Reviewed());
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldBe("No validation-first proof is attested on head h1: nothing shows its tests failed before the change.");
        Verdict(Reviewed(), ValidationFirstFor.Generated).Ready.ShouldBeFalse();
    }

    [Fact]
    public void a_proof_that_failed_on_the_base_and_passed_on_the_head_passes_and_names_the_attestation()
    {
        var rule = Rule(Reviewed(then: Proof(cases: ["shell.sub_test"])));
        rule.Passed.ShouldBeTrue();
        rule.Detail.ShouldBe("validation_first unit: failed on base b0, passed on head, 1 test file(s), 1 test case(s) red to green (shell.sub_test) on head h1.");
        rule.Evidence.Single().ShouldBe(new EventRef(3, "attestation_recorded", $"validation_first unit on h1 {Digest}"));
    }

    [Fact]
    public void runs_that_passed_on_the_base_or_failed_on_the_head_or_turned_no_test_case_green_prove_nothing()
    {
        foreach (var proof in new[] { Proof(onBase: ValidationOutcome.Passed), Proof(onHead: ValidationOutcome.Failed), Proof(cases: []) })
        {
            var rule = Rule(Reviewed(then: proof));
            rule.Passed.ShouldBeFalse();
            rule.Detail.ShouldStartWith("No proof of red before green on head h1: validation_first unit:");
            rule.Evidence.Single().Version.ShouldBe(3);
        }
    }

    [Fact]
    public void a_human_written_change_passes_when_the_policy_asks_only_generated_ones_but_not_when_it_asks_all()
    {
        Rule(Reviewed(OriginKind.Human)).Passed.ShouldBeTrue();
        Rule(Reviewed(OriginKind.Human), ValidationFirstFor.All).Passed.ShouldBeFalse();
    }

    [Fact]
    public void a_revision_makes_the_proof_stale()
    {
        var rule = Rule(Reviewed(then: [Proof(), new ChangeRevised(History.Id, "h2", "h1", "alice", null, History.T0, PatchId: "p2"), History.Review("erin", "h2")]));
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldBe("No validation-first proof on head h2; the last one (on h1) is stale.");
    }

    [Fact]
    public void a_rebase_with_the_same_patch_id_carries_the_proof_over_only_where_the_policy_says_so()
    {
        var h = History.Of(History.Proposed() with { PatchId = "p1" }, Proof(),
            new ChangeRevised(History.Id, "h2", "h1", "alice", null, History.T0, PatchId: "p1"), History.Review("erin", "h2"));
        Rule(h).Passed.ShouldBeFalse();
        var carried = Rule(h, carryOver: true);
        carried.Passed.ShouldBeTrue();
        carried.Detail.ShouldEndWith("on head h2 (carried over from h1, same patch-id).");
    }

    [Fact]
    public void a_proof_is_recorded_with_its_summary_and_a_malformed_one_is_refused_naming_the_members()
    {
        var proof = Proof();
        var request = new RecordAttestationRequest(AttestationType.ValidationFirst, Digest, "gha", "h1", Name: "unit", ValidationFirst: proof.ValidationFirst);
        AttestationRules.Validate(request).IsValid.ShouldBeTrue();
        var recorded = RecordAttestation.Decide(History.Of(History.Proposed()).Change, new RecordAttestation(History.Id, AttestationType.ValidationFirst, "unit", "h1", null, Digest, "gha", null, null, null, null, null, null, null, ValidationFirst: proof.ValidationFirst), History.T0);
        recorded.Events.Single().ShouldBeOfType<AttestationRecorded>().ValidationFirst.ShouldBe(proof.ValidationFirst);

        var sameCommit = request with { ValidationFirst = proof.ValidationFirst! with { Base = new ValidationFirstRun("h1", ValidationOutcome.Failed) } };
        AttestationRules.Validate(sameCommit).Fields.ShouldBe(["validationFirst.base.commit"]);
        var noFiles = request with { ValidationFirst = proof.ValidationFirst! with { TestFiles = [] } };
        AttestationRules.Validate(noFiles).Fields.ShouldBe(["validationFirst.testFiles"]);
        var otherHead = request with { Commit = "h9" };
        AttestationRules.Validate(otherHead).Fields.ShouldBe(["validationFirst.head.commit"]);
        AttestationRules.Validate(request with { ValidationFirst = null }).Fields.ShouldBe(["kind"]);
    }
}
