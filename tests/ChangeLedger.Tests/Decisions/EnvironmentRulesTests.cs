using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Release;

namespace ChangeLedger.Tests.Decisions;

/// <summary>A policy's per-environment sections and promotion order, rule by rule, both ways.</summary>
public sealed class EnvironmentRulesTests
{
    private static readonly DateTimeOffset Now = History.T0.AddDays(1);

    private static ReleasePolicy Policy(params EnvironmentPolicy[] environments) =>
        new("github.com/acme/payments", new PolicyRules { RequiredChecks = ["unit"], MinApprovals = 1, GeneratedChangesNeedHumanReview = true, Environments = environments }) { Version = 4, SetBy = "admin" };

    private static readonly EnvironmentPolicy Prod = new("prod", ["e2e"], 2, ["staging"]);

    private static History Approved() => History.Of(History.Proposed(), History.Check("unit", "h1", ValidationOutcome.Passed), History.Review("erin", "h1"));

    private static ReleaseVerdict Evaluate(History h, string environment, ReleasePolicy? policy = null) =>
        Verdict.Evaluate(h.Change, h.Evidence, policy ?? Policy(Prod), environment, Now);

    private static VerdictRule Rule(ReleaseVerdict v, string rule) => v.Rules.Single(r => r.Rule == rule);

    private static ChangeReleased Released(string environment) => new(History.Id, environment, "1.0", "dave", null, null, History.T0, "github.com/acme/payments", "h1", []);

    [Fact]
    public void prod_waits_until_staging_released_the_same_head()
    {
        var before = Evaluate(Approved(), "prod");
        var promotion = Rule(before, "promotion-order:staging");
        promotion.Passed.ShouldBeFalse();
        promotion.Detail.ShouldBe("prod only after staging released the same head; staging has not released h1.");
        before.Ready.ShouldBeFalse();

        var after = Rule(Evaluate(Approved().Then(Released("staging")), "prod"), "promotion-order:staging");
        after.Passed.ShouldBeTrue();
        after.Detail.ShouldBe("staging released head h1 before prod.");
    }

    [Fact]
    public void an_environment_without_a_section_has_only_the_repository_rules()
    {
        var staging = Evaluate(Approved(), "staging");
        staging.Ready.ShouldBeTrue();
        staging.Rules.Select(r => r.Rule).ShouldBe([Verdict.StatusRule, Verdict.NotYetReleasedRule, "required-check:unit",
            Verdict.ApprovalsRule, Verdict.HumanReviewRule, Verdict.HoldsRule]);
    }

    [Fact]
    public void an_environment_requires_its_own_checks_on_top_of_the_repository_checks()
    {
        var h = Approved().Then(Released("staging"));
        var missing = Rule(Evaluate(h, "prod"), "required-check:e2e");
        missing.Passed.ShouldBeFalse();
        missing.Detail.ShouldContain("No run of e2e");
        Rule(Evaluate(h, "prod"), "required-check:unit").Passed.ShouldBeTrue();

        Rule(Evaluate(h.Then(History.Check("e2e", "h1", ValidationOutcome.Passed)), "prod"), "required-check:e2e").Passed.ShouldBeTrue();
    }

    [Fact]
    public void an_environment_asks_for_its_own_number_of_approvals()
    {
        var one = Approved().Then(Released("staging")).Then(History.Check("e2e", "h1", ValidationOutcome.Passed));
        var refused = Rule(Evaluate(one, "prod"), Verdict.ApprovalsRule);
        refused.Passed.ShouldBeFalse();
        refused.Detail.ShouldStartWith("1 independent approval(s) on the head commit; the policy for prod requires 2.");

        var two = one.Then(History.Review("frank", "h1"));
        var prod = Evaluate(two, "prod");
        Rule(prod, Verdict.ApprovalsRule).Passed.ShouldBeTrue();
        prod.Ready.ShouldBeTrue();
    }

    [Fact]
    public void an_environment_may_ask_for_fewer_approvals_than_the_repository()
    {
        var policy = Policy(new EnvironmentPolicy("dev", [], 0, []));
        var unreviewed = History.Of(History.Proposed(OriginKind.Human), History.Check("unit", "h1", ValidationOutcome.Passed));
        Rule(Evaluate(unreviewed, "dev", policy), Verdict.ApprovalsRule).Passed.ShouldBeTrue();
        Rule(Evaluate(unreviewed, "staging", policy), Verdict.ApprovalsRule).Passed.ShouldBeFalse();
    }

    [Fact]
    public void a_release_names_its_repository_head_commit_and_artifacts()
    {
        var artifacts = new List<Artifact> { new("api-image", "sha256:" + new string('a', 64)) };
        var command = new ReleaseChange(History.Id, "staging", "1.0", "dave", null, artifacts);
        var h = Approved();
        var released = ReleaseChange.Decide(h.Change, h.Evidence, Policy(Prod), command, Now).Events.OfType<ChangeReleased>().Single();
        released.Repository.ShouldBe("github.com/acme/payments");
        released.Commit.ShouldBe("h1");
        released.Artifacts.ShouldBe(artifacts);
    }

    [Theory]
    [InlineData("sha256:aaaa", false)]
    [InlineData("sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("sha1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    public void an_artifact_is_named_by_one_spelling_of_its_sha256(string digest, bool valid)
    {
        ArtifactDigest.IsValid(digest).ShouldBe(valid);
        ReleaseChange.Validate(new ReleaseChangeRequest("prod", "1", "dave", Artifacts: [new ArtifactBody("x", digest)])).IsValid.ShouldBe(valid);
    }

    [Fact]
    public void a_release_may_not_name_one_artifact_twice()
    {
        var digest = "sha256:" + new string('b', 64);
        var v = ReleaseChange.Validate(new ReleaseChangeRequest("prod", "1", "dave", Artifacts: [new ArtifactBody("a", digest), new ArtifactBody("b", digest)]));
        v.Fields.ShouldBe(["artifacts"]);
    }

    [Fact]
    public void a_policy_section_names_its_environment_once_and_never_comes_after_itself()
    {
        var twice = Policies.SetPolicy.Validate(new SetPolicyRequest([], 1, true, "ann",
            Environments: [new EnvironmentPolicyBody("prod"), new EnvironmentPolicyBody("prod")]));
        twice.Fields.ShouldBe(["environments"]);
        var itself = Policies.SetPolicy.Validate(new SetPolicyRequest([], 1, true, "ann",
            Environments: [new EnvironmentPolicyBody("prod", ReleasedFirstTo: ["prod"])]));
        itself.Fields.ShouldBe(["environments[0].releasedFirstTo"]);
        var tooMany = Policies.SetPolicy.Validate(new SetPolicyRequest([], 1, true, "ann",
            Environments: [new EnvironmentPolicyBody("prod", MinApprovals: 21)]));
        tooMany.Fields.ShouldBe(["environments[0].minApprovals"]);
    }
}
