using ChangeLedger.Contracts;
using ChangeLedger.Policies;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// Every member of a policy survives the way from the request to the verdict: the PUT's answer, the GET, the event
/// stored and the rules the gate applies all say what was sent. A member dropped or put in another's place on the way
/// (as a positional copy once put a review's assurance into the wrong member) fails here.
/// </summary>
public sealed class RoundTrippingAPolicy(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Repository = "github.com/acme/every-rule";
    private const string PatchId = "0badc0de0badc0de0badc0de0badc0de0badc0de";

    private static readonly AttestationPolicy Attestations = new(TestsPass: true, NoErrorFindings: true, SbomAttached: true, MinCoverage: 87.5);
    private static readonly SizeBudget SizeBudget = new(new SizeLimit(400, 20), new SizeLimit(MaxChangedLines: 1500));

    private static SetPolicyRequest EveryMember() => new(["unit", "lint"], 3, false, "ann", "every rule at once",
        Environments: [new EnvironmentPolicyBody("prod", ["e2e"], 4, ["staging"]), new EnvironmentPolicyBody("staging")],
        CarryOverOnSamePatchId: true, WithinDeclaredScope: true, RequireVerifiedReviewers: true, Attestations: Attestations,
        CriteriaCovered: new CriteriaPolicy(VerifiedReviewCounts: true),
        ValidationFirst: ValidationFirstFor.Generated,
        SizeBudget: SizeBudget, CodeOwnersApproved: true);

    private static void ShouldSayWhatWasSent(PolicyRules rules)
    {
        rules.RequiredChecks.ShouldBe(["unit", "lint"]);
        rules.MinApprovals.ShouldBe(3);
        rules.GeneratedChangesNeedHumanReview.ShouldBeFalse();
        var environments = rules.Environments.ShouldNotBeNull();
        environments.Select(e => (e.Name, string.Join(",", e.RequiredChecks), e.MinApprovals, string.Join(",", e.ReleasedFirstTo)))
            .ShouldBe([("prod", "e2e", (int?)4, "staging"), ("staging", "", null, "")]);
        rules.CarryOverOnSamePatchId.ShouldBeTrue();
        rules.WithinDeclaredScope.ShouldBeTrue();
        rules.RequireVerifiedReviewers.ShouldBe(true);
        rules.Attestations.ShouldBe(Attestations);
        rules.CriteriaCovered.ShouldBe(new CriteriaPolicy(VerifiedReviewCounts: true));
        rules.ValidationFirst.ShouldBe(ValidationFirstFor.Generated);
        rules.SizeBudget.ShouldBe(SizeBudget);
        rules.CodeOwnersApproved.ShouldBeTrue();
    }

    [Fact]
    public async Task every_member_reads_back_from_the_answer_the_policy_the_event_and_the_verdict()
    {
        var url = $"/v1/repositories/{Uri.EscapeDataString(Repository)}/policy";

        var answered = await (await app.Put(url, EveryMember())).Read<ReleasePolicy>(201);
        var read = await app.Get<ReleasePolicy>(url);

        ShouldSayWhatWasSent(answered);
        ShouldSayWhatWasSent(read);
        (read.Repository, read.Version, read.SetBy, read.Reason, read.IsDefault, read.HoldsBlockRelease)
            .ShouldBe((Repository, 1L, "ann", "every rule at once", false, true));
        await using (var session = app.Store.LightweightSession())
        {
            var stored = (await session.Events.FetchStreamAsync(RepositoryPolicy.StreamKey(Repository))).ShouldHaveSingleItem();
            stored.EventTypeName.ShouldBe("release_policy_rules_set");
            var set = stored.Data.ShouldBeOfType<ReleasePolicyRulesSet>();
            ShouldSayWhatWasSent(set.Rules);
            (set.Repository, set.SetBy, set.Reason).ShouldBe((Repository, "ann", "every rule at once"));
        }

        // A generated change whose only check and approval are on the commit before a rebase that kept its diff, and
        // whose approval a key asserted: each rule of the policy shows in the verdict as what it was set to.
        await (await app.Post("/v1/changes", Requests.Generated("every-rule-1", "e0e0001", repository: Repository)
            with { PatchId = PatchId, ChangedPaths = ["src/refunds/Retry.cs", "src/ledger/Balance.cs"] })).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/every-rule-1/validations", Requests.Check("unit", "e0e0001", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/every-rule-1/reviews", Requests.Review("erin", "e0e0001"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/every-rule-1/revisions",
            new ReviseChangeRequest("e0e0002", "alice", "rebased", BaseCommit: "ba5e0e0", PatchId: PatchId, ChangedPaths: ["src/refunds/Retry.cs", "src/ledger/Balance.cs"]))).ShouldHaveStatus(201);

        var verdict = await app.Get<ReleaseVerdict>("/v1/changes/every-rule-1/readiness?environment=prod");
        var rules = verdict.Rules.ToDictionary(r => r.Rule);

        verdict.PolicyVersion.ShouldBe(1);
        rules["promotion-order:staging"].Passed.ShouldBeFalse();
        rules.Keys.Where(k => k.StartsWith("required-check:", StringComparison.Ordinal)).ShouldBe(["required-check:unit", "required-check:lint", "required-check:e2e"]);
        rules["required-check:unit"].Detail.ShouldBe("unit passed on head e0e0002 (carried over from e0e0001, same patch-id).");
        rules["min-approvals"].Detail.ShouldStartWith("0 independent approval(s) on the head commit; the policy for prod requires 4.");
        rules["min-approvals"].Evidence.ShouldHaveSingleItem().Assurance.ShouldBe("asserted");
        rules["generated-change-human-review"].Detail.ShouldBe("The policy does not require a human review of generated changes.");
        rules["within-declared-scope"].Passed.ShouldBeFalse();
        rules.Keys.ShouldContain("tests-pass");
        rules.Keys.ShouldContain("no-error-findings");
        rules.Keys.ShouldContain("sbom-attached");
        rules["min-coverage"].Detail.ShouldContain("87.5");
        rules["criteria-covered"].Detail.ShouldBe("0 of 1 acceptance criteria covered on head e0e0002: AC-1 not covered.");
        rules["validation-first"].Detail.ShouldBe("No validation-first proof is attested on head e0e0002: nothing shows its tests failed before the change.");
        rules["within-size-budget"].Detail.ShouldStartWith("Size unknown: no diff size is recorded for head e0e0002, so being within the generated budget (at most 400 changed lines, at most 20 files)");
        rules["code-owners-approved"].Detail.ShouldContain("no CODEOWNERS file is imported");
        var staging = (await app.Get<ReleaseVerdict>("/v1/changes/every-rule-1/readiness?environment=staging")).Rules.ToDictionary(r => r.Rule);
        staging["min-approvals"].Detail.ShouldStartWith("0 independent approval(s) on the head commit; the policy requires 3.");
        staging.Keys.ShouldNotContain("promotion-order:staging");
    }

    [Fact]
    public async Task a_policy_put_again_with_every_member_records_nothing_and_one_member_changed_is_a_new_version()
    {
        const string repository = "github.com/acme/every-rule-again";
        var url = $"/v1/repositories/{Uri.EscapeDataString(repository)}/policy";
        await (await app.Put(url, EveryMember())).ShouldHaveStatus(201);

        (await (await app.Put(url, EveryMember())).Read<ReleasePolicy>(200)).Version.ShouldBe(1);
        (await (await app.Put(url, EveryMember() with { Environments = [new EnvironmentPolicyBody("prod", ["e2e"], 4, ["staging"])] }))
            .Read<ReleasePolicy>(201)).Version.ShouldBe(2);
        (await (await app.Put(url, EveryMember() with { Environments = [new EnvironmentPolicyBody("prod", ["e2e"], 4, ["staging"])], ValidationFirst = ValidationFirstFor.All }))
            .Read<ReleasePolicy>(201)).ValidationFirst.ShouldBe(ValidationFirstFor.All);
        (await (await app.Put(url, EveryMember() with { RequireVerifiedReviewers = false })).Read<ReleasePolicy>(201)).RequireVerifiedReviewers.ShouldBeNull();
        (await (await app.Put(url, EveryMember() with { RequireVerifiedReviewers = false, SizeBudget = SizeBudget with { Human = null } })).Read<ReleasePolicy>(201))
            .SizeBudget.ShouldBe(new SizeBudget(new SizeLimit(400, 20)));
        (await (await app.Put(url, EveryMember() with { RequireVerifiedReviewers = false, CodeOwnersApproved = false })).Read<ReleasePolicy>(201)).CodeOwnersApproved.ShouldBeFalse();
    }
}
