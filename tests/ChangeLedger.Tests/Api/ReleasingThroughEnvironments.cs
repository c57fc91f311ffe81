using System.Net.Http.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// A change walks through staging to prod under a policy with per-environment rules and promotion order; the
/// environment answers what runs there now and as of an earlier moment, and an artifact answers where it came from.
/// </summary>
public sealed class ReleasingThroughEnvironments(LedgerApp app) : IClassFixture<LedgerApp>
{
    private static readonly string ApiImage = "sha256:" + new string('a', 64);
    private static readonly string ApiImageV2 = "sha256:" + new string('b', 64);

    private static ReleaseChangeRequest Release(string environment, string version, params string[] digests) =>
        new(environment, version, "deployer-dave", Artifacts: [.. digests.Select(d => new ArtifactBody("api-image", d))]);

    private async Task ReadyToShip(string changeId, string repository, string head)
    {
        await (await app.Post("/v1/changes", Requests.Generated(changeId, head, repository: repository) with { ChangedPaths = ["src/refunds/Retry.cs"] })).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{changeId}/validations", Requests.Check("unit", head, ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{changeId}/reviews", Requests.Review("erin", head))).ShouldHaveStatus(201);
    }

    private async Task Policy(string repository) =>
        await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(repository)}/policy", new SetPolicyRequest(["unit"], 1, true, "ann",
            Environments: [new EnvironmentPolicyBody("prod", ["e2e"], 1, ["staging"])]))).ShouldHaveStatus(201);

    [Fact]
    public async Task prod_waits_for_staging_and_each_environment_answers_what_runs_there_now_and_earlier()
    {
        const string repo = "github.com/acme/envs";
        await Policy(repo);
        await ReadyToShip("env-1", repo, "e1e1e1e");

        var early = await (await app.Post("/v1/changes/env-1/releases", Release("prod", "1.0.0", ApiImage))).Read<ReleaseOutcome>(409);
        early.Verdict.Rules.Where(r => !r.Passed).Select(r => r.Rule).ShouldBe(["promotion-order:staging", "required-check:e2e"]);

        await (await app.Post("/v1/changes/env-1/releases", Release("staging", "1.0.0", ApiImage))).ShouldHaveStatus(201);
        var afterFirst = (await app.Get<EnvironmentView>("/v1/environments/staging")).Repositories.Single().RecordedAt;
        await (await app.Post("/v1/changes/env-1/validations", Requests.Check("e2e", "e1e1e1e", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        var prod = await (await app.Post("/v1/changes/env-1/releases", Release("prod", "1.0.0", ApiImage))).Read<ReleaseOutcome>(201);
        Rule(prod.Verdict, "promotion-order:staging").Detail.ShouldBe("staging released head e1e1e1e before prod.");

        await ReadyToShip("env-2", repo, "e2e2e2e");
        await (await app.Post("/v1/changes/env-2/releases", Release("staging", "1.1.0", ApiImageV2))).ShouldHaveStatus(201);

        var staging = (await app.Get<EnvironmentView>("/v1/environments/staging")).Repositories.Single();
        staging.ShouldSatisfyAllConditions(
            () => staging.Repository.ShouldBe(repo),
            () => staging.ChangeId.ShouldBe("env-2"),
            () => staging.Commit.ShouldBe("e2e2e2e"),
            () => staging.Artifacts.ShouldBe([new Artifact("api-image", ApiImageV2)]),
            () => staging.ReleasedBy.ShouldBe("deployer-dave"),
            () => staging.Verdict!.Ready.ShouldBeTrue(),
            () => staging.Override.ShouldBeNull());

        var earlier = await app.Get<EnvironmentView>($"/v1/environments/staging?asOf={Uri.EscapeDataString(afterFirst.ToString("O"))}");
        earlier.AsOf.ShouldBe(afterFirst);
        earlier.Repositories.Single().ChangeId.ShouldBe("env-1");
        earlier.Repositories.Single().Version.ShouldBe("1.0.0");

        var running = (await app.Get<EnvironmentView>("/v1/environments/prod")).Repositories.Single();
        running.ChangeId.ShouldBe("env-1");
        running.Verdict!.Rules.ShouldContain(r => r.Rule == "required-check:e2e" && r.Passed);
        await (await app.Client.GetAsync($"/v1/environments/prod?asOf={Uri.EscapeDataString(afterFirst.ToString("O"))}")).ShouldBeProblem(404, "unknown-environment");
    }

    [Fact]
    public async Task an_artifact_names_the_change_that_produced_it_and_the_verdicts_that_let_it_through()
    {
        const string repo = "github.com/acme/artifacts";
        var digest = "sha256:" + new string('c', 64);
        await ReadyToShip("art-1", repo, "a1a1a1a");
        await (await app.Post("/v1/changes/art-1/releases", Release("staging", "2.0.0", digest))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/art-1/releases", Release("prod", "2.0.0", digest))).ShouldHaveStatus(201);

        var artifact = await app.Get<ArtifactView>($"/v1/artifacts/{digest}");

        artifact.ProducedBy.ShouldBe(["art-1"]);
        artifact.Names.ShouldBe(["api-image"]);
        artifact.Releases.Select(r => (r.Environment, r.Commit, r.Repository)).ShouldBe([("staging", "a1a1a1a", repo), ("prod", "a1a1a1a", repo)]);
        var proof = Rule(artifact.Releases[1].Verdict!, "min-approvals");
        proof.Passed.ShouldBeTrue();
        proof.Evidence.Single().ShouldBe(new EventRef(3, "review_decided", "erin accepted on a1a1a1a (asserted)", "asserted"));
        (await app.Get<ReleaseView>("/v1/changes/art-1/release")).Releases[0].Artifacts.ShouldBe([new Artifact("api-image", digest)]);
    }

    [Fact]
    public async Task a_key_sees_environments_and_artifacts_only_of_its_repositories()
    {
        var digest = "sha256:" + new string('d', 64);
        await ReadyToShip("scope-env-1", "github.com/other/hidden", "d1d1d1d");
        await (await app.Post("/v1/changes/scope-env-1/releases", Release("qa", "1", digest))).ShouldHaveStatus(201);
        using var outsider = app.ClientWith(await app.IssueKey("env-reader", [Roles.Read], "github.com/acme/*"));

        await (await outsider.GetAsync("/v1/environments/qa")).ShouldBeProblem(404, "unknown-environment");
        await (await outsider.GetAsync($"/v1/artifacts/{digest}")).ShouldBeProblem(404, "unknown-artifact");
        (await app.Get<EnvironmentView>("/v1/environments/qa")).Repositories.Single().ChangeId.ShouldBe("scope-env-1");
    }

    [Fact]
    public async Task a_malformed_digest_is_refused_and_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Generated("bad-art-1", "b1b1b1b", repository: "github.com/acme/bad"))).ShouldHaveStatus(201);
        var problem = await (await app.Post("/v1/changes/bad-art-1/releases", Release("prod", "1", "sha256:ABC"))).ShouldBeProblem(400, "validation");
        problem.GetProperty("errors").TryGetProperty("artifacts[0].digest", out _).ShouldBeTrue();
        (await app.EventCount("bad-art-1")).ShouldBe(1);
        await (await app.Client.GetAsync("/v1/artifacts/sha256:nothex")).ShouldBeProblem(400, "validation");
    }

    private static VerdictRule Rule(ReleaseVerdict v, string rule) => v.Rules.Single(r => r.Rule == rule);
}
