using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

public sealed class GatingARelease(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Repo = "github.com/acme/gate";
    private const string PolicyUrl = "/v1/repositories/github.com%2Facme%2Fgate/policy";

    [Fact]
    public async Task a_repository_without_a_policy_gets_the_default_and_a_set_policy_is_versioned_and_readable_as_of_a_moment()
    {
        var fallback = await app.Get<ReleasePolicy>("/v1/repositories/github.com%2Facme%2Fnone/policy");
        fallback.ShouldBeEquivalentTo(new ReleasePolicy
        {
            Repository = "github.com/acme/none", RequiredChecks = new List<string>(), MinApprovals = 1, GeneratedChangesNeedHumanReview = true,
            HoldsBlockRelease = true, Version = 0, IsDefault = true, SetBy = null, Reason = null, SetAt = null,
        });

        var v1 = await (await app.Put(PolicyUrl, new SetPolicyRequest(["unit"], 1, true, "ann", "first"))).Read<ReleasePolicy>(201);
        v1.Version.ShouldBe(1);
        var afterV1 = (await app.Get<ReleasePolicy>(PolicyUrl)).SetAt!.Value;
        await (await app.Put(PolicyUrl, new SetPolicyRequest(["unit", "lint"], 2, true, "ann", "stricter"))).ShouldHaveStatus(201);

        var now = await app.Get<ReleasePolicy>(PolicyUrl);
        now.Repository.ShouldBe(Repo);
        now.Version.ShouldBe(2);
        now.RequiredChecks.ShouldBe(["unit", "lint"]);
        now.MinApprovals.ShouldBe(2);
        var then = await app.Get<ReleasePolicy>($"{PolicyUrl}?asOf={Uri.EscapeDataString(afterV1.ToString("O"))}");
        then.Version.ShouldBe(1);
        then.RequiredChecks.ShouldBe(["unit"]);

        var again = await (await app.Put(PolicyUrl, new SetPolicyRequest(["unit", "lint"], 2, true, "ann"))).Read<ReleasePolicy>(200);
        again.Version.ShouldBe(2);
        again.SetAt.ShouldNotBeNull();
        (await app.Count("select count(*) from ledger.mt_events where stream_id like '~policy:%gate'")).ShouldBe(2);
        await (await app.Put(PolicyUrl, new SetPolicyRequest(["unit"], 1, true, "ann") with { ExpectedVersion = 1 })).ShouldBeProblem(409, "version-mismatch");
    }

    [Fact]
    public async Task a_refused_release_reads_back_through_release_with_exactly_the_rules_that_failed()
    {
        const string repo = "github.com/acme/strict";
        await (await app.Put("/v1/repositories/github.com%2Facme%2Fstrict/policy", new SetPolicyRequest(["unit-tests", "e2e"], 1, true, "ann"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated("gate-1", head: "h1", repository: repo))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/gate-1/validations", Requests.Check("unit-tests", "h1", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/gate-1/validations", Requests.Check("e2e", "h1", ValidationOutcome.Failed))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/gate-1/reviews", Requests.Review("alice", "h1"))).ShouldHaveStatus(201);

        var dryRun = await app.Get<ReleaseVerdict>("/v1/changes/gate-1/readiness?environment=prod");
        dryRun.Ready.ShouldBeFalse();
        (await app.EventCount("gate-1")).ShouldBe(4);

        var refused = await (await app.Post("/v1/changes/gate-1/releases", Requests.Release())).Read<ReleaseOutcome>(409);

        var view = await app.Get<ReleaseView>("/v1/changes/gate-1/release");
        view.Releases.ShouldBeEmpty();
        var failed = view.LastVerdict!.Rules.Where(r => !r.Passed).ToList();
        failed.Select(r => r.Rule).ShouldBe(["required-check:e2e", "min-approvals", "generated-change-human-review"]);
        failed[0].Detail.ShouldContain("e2e on head h1 failed");
        failed[1].Detail.ShouldContain("alice (the owner)");
        view.LastVerdict.PolicyVersion.ShouldBe(1);
        view.LastVerdict.ShouldBeEquivalentTo(refused.Verdict);
        view.LastVerdict.Rules.Single(r => r.Rule == "required-check:unit-tests").Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task until_access_control_lands_any_caller_may_override_and_the_override_shows_in_release_and_trail()
    {
        await (await app.Post("/v1/changes", Requests.Generated("gate-2", head: "h1", repository: Repo))).ShouldHaveStatus(201);
        var forced = await (await app.Post("/v1/changes/gate-2/releases",
            Requests.Release(@override: new OverrideBody("vp-eve", "refund outage: ship the fix now")))).Read<ReleaseOutcome>(201);

        forced.Released.ShouldBeTrue();
        forced.Verdict.Ready.ShouldBeFalse();
        forced.Override.ShouldBe(new ReleaseOverride("vp-eve", "refund outage: ship the fix now"));
        var view = await app.Get<ReleaseView>("/v1/changes/gate-2/release");
        view.Overrides.Single().Override!.Justification.ShouldBe("refund outage: ship the fix now");
        var trail = await app.Get<AuditTrail>("/v1/changes/gate-2/trail");
        trail.Events[^1].Type.ShouldBe("change_released");
        trail.Events[^1].Data.GetProperty("override").GetProperty("by").GetString().ShouldBe("vp-eve");
    }

    [Fact]
    public async Task an_override_without_a_justification_is_refused()
    {
        await (await app.Post("/v1/changes", Requests.Generated("gate-3", repository: Repo))).ShouldHaveStatus(201);
        var problem = await (await app.Post("/v1/changes/gate-3/releases", Requests.Release(@override: new OverrideBody("vp-eve", " ")))).ShouldBeProblem(400, "validation");
        problem.GetProperty("errors").TryGetProperty("override.justification", out _).ShouldBeTrue();
        (await app.EventCount("gate-3")).ShouldBe(1);
    }
}
