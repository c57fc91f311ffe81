using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Release;

namespace ChangeLedger.Tests.Decisions;

/// <summary>The gate, rule by rule, in both directions. Every verdict lists every rule.</summary>
public sealed class VerdictTests
{
    private static readonly DateTimeOffset Now = History.T0.AddDays(1);

    private static ReleasePolicy Policy(int minApprovals = 1, bool humanReview = true, params string[] checks) =>
        new("github.com/acme/payments", new PolicyRules { RequiredChecks = checks, MinApprovals = minApprovals, GeneratedChangesNeedHumanReview = humanReview })
        { Version = 3, SetBy = "admin" };

    private static ReleaseVerdict Evaluate(History h, ReleasePolicy? policy = null, string environment = "prod") =>
        Verdict.Evaluate(h.Change, h.Evidence, policy ?? Policy(), environment, Now);

    private static VerdictRule Rule(ReleaseVerdict v, string rule) => v.Rules.Single(r => r.Rule == rule);

    private static History Ready() => History.Of(History.Proposed(), History.Review("erin", "h1"));

    [Fact]
    public void an_independently_approved_change_with_nothing_open_is_ready_and_every_rule_is_listed()
    {
        var verdict = Evaluate(Ready());
        verdict.Ready.ShouldBeTrue();
        verdict.Rules.Select(r => r.Rule).ShouldBe([Verdict.StatusRule, Verdict.NotYetReleasedRule, Verdict.RequiredCheckRule,
            Verdict.ApprovalsRule, Verdict.HumanReviewRule, Verdict.HoldsRule]);
        verdict.Rules.ShouldAllBe(r => r.Passed);
        verdict.PolicyVersion.ShouldBe(3);
        verdict.InputsDigest.Length.ShouldBe(64);
    }

    [Fact]
    public void a_required_check_passes_only_with_a_pass_on_the_head_commit()
    {
        var passed = Ready().Then(History.Check("unit", "h1", ValidationOutcome.Passed));
        var rule = Rule(Evaluate(passed, Policy(1, true, "unit")), "required-check:unit");
        rule.Passed.ShouldBeTrue();
        rule.Evidence.Single().Version.ShouldBe(3);

        var missing = Rule(Evaluate(Ready(), Policy(1, true, "unit")), "required-check:unit");
        missing.Passed.ShouldBeFalse();
        missing.Detail.ShouldContain("No run of unit");
    }

    [Fact]
    public void a_pass_on_an_older_commit_is_stale_and_does_not_count()
    {
        var h = History.Of(History.Proposed(), History.Check("unit", "h1", ValidationOutcome.Passed),
            new ChangeRevised(History.Id, "h2", "h1", "alice", null, History.T0), History.Review("erin", "h2"));
        var rule = Rule(Evaluate(h, Policy(1, true, "unit")), "required-check:unit");
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("stale");
    }

    [Fact]
    public void a_failing_rerun_after_a_pass_overrides_it()
    {
        var h = Ready().Then(History.Check("unit", "h1", ValidationOutcome.Passed)).Then(History.Check("unit", "h1", ValidationOutcome.Failed));
        var rule = Rule(Evaluate(h, Policy(1, true, "unit")), "required-check:unit");
        rule.Passed.ShouldBeFalse();
        rule.Evidence.Single().Version.ShouldBe(4);
    }

    [Fact]
    public void a_passing_rerun_after_a_failure_passes()
    {
        var h = Ready().Then(History.Check("unit", "h1", ValidationOutcome.Failed)).Then(History.Check("unit", "h1", ValidationOutcome.Passed));
        Rule(Evaluate(h, Policy(1, true, "unit")), "required-check:unit").Passed.ShouldBeTrue();
    }

    [Fact]
    public void the_owner_approving_their_own_change_does_not_count()
    {
        var verdict = Evaluate(History.Of(History.Proposed(OriginKind.Human), History.Review("alice", "h1")));
        var rule = Rule(verdict, Verdict.ApprovalsRule);
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("alice (the owner)");
        verdict.Ready.ShouldBeFalse();
    }

    [Theory]
    [InlineData("ci-bot", "the submitter")]
    [InlineData("bob", "requested the generation")]
    [InlineData("claude-code", "the generating tool is never a reviewer")]
    [InlineData("ALICE", "the owner")]
    public void reviewers_who_are_not_independent_do_not_count(string reviewer, string why)
    {
        var verdict = Evaluate(History.Of(History.Proposed(), History.Review(reviewer, "h1")));
        Rule(verdict, Verdict.ApprovalsRule).Detail.ShouldContain(why);
        Rule(verdict, Verdict.ApprovalsRule).Passed.ShouldBeFalse();
        Rule(verdict, Verdict.HumanReviewRule).Passed.ShouldBeFalse();
    }

    [Fact]
    public void an_approval_on_an_old_commit_after_a_revision_does_not_count()
    {
        var h = Ready().Then(new ChangeRevised(History.Id, "h2", "h1", "alice", null, History.T0));
        var rule = Rule(Evaluate(h), Verdict.ApprovalsRule);
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("accepted h1, not the head commit");
    }

    [Fact]
    public void a_revision_request_after_an_approval_on_the_head_cancels_it()
    {
        var h = Ready().Then(History.Review("frank", "h1", ReviewDecision.RevisionRequested));
        var rule = Rule(Evaluate(h), Verdict.ApprovalsRule);
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("superseded by frank's revision_requested");

        var reapproved = h.Then(History.Review("frank", "h1"));
        Rule(Evaluate(reapproved), Verdict.ApprovalsRule).Passed.ShouldBeTrue();
    }

    [Fact]
    public void min_approvals_counts_distinct_reviewers()
    {
        var twice = Ready().Then(History.Review("erin", "h1"));
        Rule(Evaluate(twice, Policy(2)), Verdict.ApprovalsRule).Passed.ShouldBeFalse();
        Rule(Evaluate(twice.Then(History.Review("grace", "h1")), Policy(2)), Verdict.ApprovalsRule).Passed.ShouldBeTrue();
    }

    [Fact]
    public void a_generated_change_needs_a_human_acceptance_even_when_no_approvals_are_required()
    {
        var unreviewed = History.Of(History.Proposed());
        var verdict = Evaluate(unreviewed, Policy(0));
        Rule(verdict, Verdict.ApprovalsRule).Passed.ShouldBeTrue();
        Rule(verdict, Verdict.HumanReviewRule).Passed.ShouldBeFalse();

        Rule(Evaluate(unreviewed, Policy(0, humanReview: false)), Verdict.HumanReviewRule).Passed.ShouldBeTrue();
        Rule(Evaluate(History.Of(History.Proposed(OriginKind.Human)), Policy(0)), Verdict.HumanReviewRule).Passed.ShouldBeTrue();
    }

    [Fact]
    public void an_open_hold_blocks_and_is_named_with_its_reason()
    {
        var rule = Rule(Evaluate(Ready().Then(History.Hold("inc-7"))), Verdict.HoldsRule);
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("inc-7");
        rule.Detail.ShouldContain("incident inc-7");
        rule.Evidence.Single().Version.ShouldBe(3);
    }

    [Fact]
    public void an_expired_hold_no_longer_blocks()
    {
        var rule = Rule(Evaluate(Ready().Then(History.Hold("freeze-1", Now.AddMinutes(-1)))), Verdict.HoldsRule);
        rule.Passed.ShouldBeTrue();
        rule.Detail.ShouldContain("expired");
        Rule(Evaluate(Ready().Then(History.Hold("freeze-2", Now.AddMinutes(1)))), Verdict.HoldsRule).Passed.ShouldBeFalse();
    }

    [Fact]
    public void of_two_holds_with_one_lifted_the_other_still_blocks()
    {
        var h = Ready().Then(History.Hold("a")).Then(History.Hold("b")).Then(new HoldLifted(History.Id, "a", "carol", "fixed", History.T0));
        var rule = Rule(Evaluate(h), Verdict.HoldsRule);
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("Hold b");
        rule.Detail.ShouldNotContain("Hold a");
    }

    [Theory]
    [InlineData(ChangeStatus.Rejected)]
    [InlineData(ChangeStatus.Split)]
    [InlineData(ChangeStatus.Withdrawn)]
    public void a_closed_change_is_never_releasable(ChangeStatus status) =>
        Rule(Evaluate(StateMachineTests.At(status)), Verdict.StatusRule).Passed.ShouldBeFalse();

    [Fact]
    public void a_change_already_released_to_an_environment_is_not_released_there_again()
    {
        var released = StateMachineTests.At(ChangeStatus.Released);
        Rule(Evaluate(released, environment: "staging"), Verdict.NotYetReleasedRule).Passed.ShouldBeFalse();
        Rule(Evaluate(released, environment: "prod"), Verdict.NotYetReleasedRule).Passed.ShouldBeTrue();
    }

    [Fact]
    public void an_override_releases_despite_failed_policy_rules_but_never_a_closed_change()
    {
        var held = Ready().Then(History.Hold("inc"));
        var command = new ReleaseChange(History.Id, "prod", "1.0", "dave", new ReleaseOverride("vp-eve", "customer outage fix"));
        var released = ReleaseChange.Decide(held.Change, held.Evidence, Policy(), command, Now).Events.OfType<ChangeReleased>().Single();
        released.Override.ShouldBe(new ReleaseOverride("vp-eve", "customer outage fix"));
        released.VerdictVersion.ShouldBe(held.Version + 1);

        var withdrawn = StateMachineTests.At(ChangeStatus.Withdrawn);
        ReleaseChange.Decide(withdrawn.Change, withdrawn.Evidence, Policy(), command, Now).Events.OfType<ChangeReleased>().ShouldBeEmpty();
    }

    [Fact]
    public void the_same_inputs_give_the_same_digest_and_new_evidence_changes_it()
    {
        var a = Evaluate(Ready());
        Evaluate(Ready()).InputsDigest.ShouldBe(a.InputsDigest);
        Evaluate(Ready().Then(History.Check("lint", "h1", ValidationOutcome.Passed))).InputsDigest.ShouldNotBe(a.InputsDigest);
    }
}
