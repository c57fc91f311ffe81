using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>Typed attestations: recorded through the one write path, shown as evidence and in the trail, and judged by the policy.</summary>
public sealed class AttestingEvidence(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string Artifact = "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    private static RecordAttestationRequest Tests(string commit, int failures) =>
        new(AttestationType.TestReport, Digest, "github-actions", commit, Name: "unit", TestReport: new TestReportSummary(120, failures, 0, 3, "junit"));

    private static RecordAttestationRequest Sarif(string commit, int errors) =>
        new(AttestationType.StaticAnalysis, Digest, "github-actions", commit, StaticAnalysis: new StaticAnalysisSummary("CodeQL", errors, 4, 1, 0,
            errors > 0 ? [new RuleFindings("cs/sql-injection", "error", errors)] : [], "sarif-2.1.0"));

    private static RecordAttestationRequest Sbom(string commit) =>
        new(AttestationType.Sbom, Digest, "github-actions", commit, Artifact, Sbom: new SbomSummary("cyclonedx", "1.5", 42, "payments-api"));

    private static RecordAttestationRequest Coverage(string commit, double percent) =>
        new(AttestationType.Coverage, Digest, "github-actions", commit, Coverage: new CoverageSummary(percent, null, null, "cobertura"));

    [Fact]
    public async Task a_change_is_refused_until_its_head_is_attested_as_the_policy_asks_and_then_released()
    {
        const string repo = "github.com/acme/attested";
        await (await app.Put("/v1/repositories/github.com%2Facme%2Fattested/policy", new SetPolicyRequest([], 1, true, "ann",
            Attestations: new AttestationPolicy(TestsPass: true, NoErrorFindings: true, SbomAttached: true, MinCoverage: 80)))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated("att-1", head: "h1", repository: repo))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/att-1/reviews", Requests.Review("rita", "h1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/att-1/attestations", Tests("h1", failures: 2))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/att-1/attestations", Sarif("h1", errors: 1))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/att-1/attestations", Coverage("h1", 71.5))).ShouldHaveStatus(201);

        var refused = await (await app.Post("/v1/changes/att-1/releases", Requests.Release())).Read<ReleaseOutcome>(409);
        var failed = refused.Verdict.Rules.Where(r => !r.Passed).ToList();
        failed.Select(r => r.Rule).ShouldBe(["tests-pass", "no-error-findings", "sbom-attached", "min-coverage"]);
        failed[0].Detail.ShouldBe("test_report unit: 120 tests, 2 failures, 0 errors on head h1.");
        failed[0].Evidence.Single().ShouldBe(new EventRef(3, "attestation_recorded", $"test_report unit {Digest}"));
        failed[1].Detail.ShouldContain("cs/sql-injection x1");
        failed[3].Detail.ShouldBe("Coverage 71.5% on head h1 is below the 80% the policy requires.");

        // The fixes land on a new head; what was attested on h1 is stale and no longer counts either way.
        await (await app.Post("/v1/changes/att-1/revisions", new ReviseChangeRequest("h2", "alice"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/att-1/reviews", Requests.Review("rita", "h2"))).ShouldHaveStatus(201);
        foreach (var attestation in new[] { Tests("h2", 0), Sarif("h2", 0), Sbom("h2"), Coverage("h2", 83.25) })
            await (await app.Post("/v1/changes/att-1/attestations", attestation)).ShouldHaveStatus(201);

        var released = await (await app.Post("/v1/changes/att-1/releases", Requests.Release())).Read<ReleaseOutcome>(201);
        released.Verdict.Rules.Where(r => r.Rule is "tests-pass" or "no-error-findings" or "sbom-attached" or "min-coverage")
            .Select(r => (r.Rule, r.Passed, r.Evidence.Single().Version)).ShouldBe([("tests-pass", true, 9L), ("no-error-findings", true, 10L), ("sbom-attached", true, 11L), ("min-coverage", true, 12L)]);

        var evidence = await app.Get<Evidence>("/v1/changes/att-1/evidence");
        evidence.Attestations!.Count.ShouldBe(7);
        evidence.Attestations.Where(a => a.Stale).Select(a => a.Commit).Distinct().ShouldBe(["h1"]);
        var sbom = evidence.Attestations.Single(a => a.Kind == AttestationType.Sbom);
        (sbom.ArtifactDigest, sbom.ContentDigest, sbom.Sbom).ShouldBe((Artifact, Digest, new SbomSummary("cyclonedx", "1.5", 42, "payments-api")));
        var trail = await app.Get<AuditTrail>("/v1/changes/att-1/trail");
        trail.Events.Count(e => e.Type == "attestation_recorded").ShouldBe(7);
        trail.Events.First(e => e.Type == "attestation_recorded").Data.GetProperty("testReport").GetProperty("failures").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task attestation_rules_are_part_of_the_versioned_policy_and_a_coverage_floor_is_a_percent()
    {
        const string url = "/v1/repositories/github.com%2Facme%2Fattest-policy/policy";
        var rules = new AttestationPolicy(TestsPass: true, MinCoverage: 75.5);
        (await (await app.Put(url, new SetPolicyRequest([], 1, true, "ann", Attestations: rules))).Read<ReleasePolicy>(201)).Attestations.ShouldBe(rules);
        (await (await app.Put(url, new SetPolicyRequest([], 1, true, "ann", Attestations: rules))).Read<ReleasePolicy>(200)).Version.ShouldBe(1);
        var relaxed = await (await app.Put(url, new SetPolicyRequest([], 1, true, "ann"))).Read<ReleasePolicy>(201);
        (relaxed.Version, relaxed.Attestations).ShouldBe((2L, (AttestationPolicy?)null));
        (await app.Get<ReleasePolicy>(url)).Attestations.ShouldBeNull();

        (await (await app.Put(url, new SetPolicyRequest([], 1, true, "ann", Attestations: new AttestationPolicy(MinCoverage: 120))))
            .ShouldBeProblem(400, "validation")).GetProperty("errors").TryGetProperty("attestations.minCoverage", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task a_custom_attestation_keeps_its_json_summary_and_the_chain_verifies_with_its_numbers()
    {
        await (await app.Post("/v1/changes", Requests.Generated("att-custom", head: "h1"))).ShouldHaveStatus(201);
        var custom = JsonDocument.Parse("""{"p95Ms": 180.5, "budgetMs": 2e2, "tiny": 1e-7, "huge": 1e21, "ok": true}""").RootElement;
        await (await app.Post("/v1/changes/att-custom/attestations",
            new RecordAttestationRequest(AttestationType.Custom, Digest, "perf-bot", "h1", Name: "perf-budget", Custom: custom))).ShouldHaveStatus(201);

        var stored = (await app.Get<Evidence>("/v1/changes/att-custom/evidence")).Attestations!.Single();
        (stored.Kind, stored.Name).ShouldBe((AttestationType.Custom, "perf-budget"));
        stored.Custom!.Value.GetProperty("tiny").GetDouble().ShouldBe(1e-7);
        var report = await app.Get<ChangeLedger.Contracts.Integrity.VerificationReport>("/v1/integrity/verify?changeId=att-custom");
        report.Intact.ShouldBeTrue();
        report.Events.ShouldBe(2);
    }

    [Fact]
    public async Task a_malformed_attestation_is_refused_with_every_reason_and_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Generated("att-bad", head: "h1"))).ShouldHaveStatus(201);
        var problem = await (await app.Post("/v1/changes/att-bad/attestations", new RecordAttestationRequest(AttestationType.TestReport, "md5:abc", "ci",
            TestReport: new TestReportSummary(3, 5, null), Coverage: new CoverageSummary(101)))).ShouldBeProblem(400, "validation");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "contentDigest", "commitOrArtifactDigest", "testReport.errors", "testReport", "coverage" })
            errors.TryGetProperty(field, out _).ShouldBeTrue(field);

        var huge = JsonDocument.Parse("""{"n": 1E400}""").RootElement;
        (await (await app.Post("/v1/changes/att-bad/attestations", new RecordAttestationRequest(AttestationType.Custom, Digest, "ci", "h1", Name: "x", Custom: huge)))
            .ShouldBeProblem(400, "validation")).GetProperty("errors").GetProperty("custom")[0].GetString()!.ShouldContain("$.n");
        (await app.EventCount("att-bad")).ShouldBe(1);
    }

    [Fact]
    public async Task attestations_arrive_in_a_batch_like_any_other_write()
    {
        var propose = JsonSerializer.SerializeToElement(Requests.Generated("att-batch", head: "h1"), LedgerApp.Json).Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
        propose["type"] = "change_proposed";
        var attest = JsonSerializer.SerializeToElement(Coverage("h1", 90), LedgerApp.Json).Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
        (attest["type"], attest["changeId"]) = ("attestation_recorded", "att-batch");

        var results = await (await app.Post("/v1/events", new[] { propose, attest })).Read<IngestionResults>(200);
        results.Results.Select(r => (r.Type, r.Status)).ShouldBe([("change_proposed", 201), ("attestation_recorded", 201)]);
        (await app.Get<Evidence>("/v1/changes/att-batch/evidence")).Attestations!.Single().Coverage!.Percent.ShouldBe(90);
    }
}
