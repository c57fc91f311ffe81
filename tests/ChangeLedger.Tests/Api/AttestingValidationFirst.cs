using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// A validation_first attestation through the HTTP API: recorded through the one write path (alone and in a batch),
/// kept in the evidence, the trail and the hash chain, judged by the policy's validation-first rule, and refused whole
/// when it could not prove anything.
/// </summary>
public sealed class AttestingValidationFirst(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Digest = "sha256:5d41402abc4b2a76b9719d911017c592e1b3a1c6b2f4e0f8d7c6b5a4f3e2d1c0";
    private const string FileDigest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static RecordAttestationRequest Proof(string head, string @base = "ba5e000", ValidationOutcome onBase = ValidationOutcome.Failed) =>
        new(AttestationType.ValidationFirst, Digest, "github-actions", head, Name: "unit", ValidationFirst: new ValidationFirstSummary(
            new ValidationFirstRun(@base, onBase, onBase == ValidationOutcome.Failed ? 1 : 0), new ValidationFirstRun(head, ValidationOutcome.Passed, 0),
            [new TestFileDigest("tests/RefundRetryTests.cs", FileDigest)], "dotnet test", ["Refunds.RetryTests.retries_three_times"]));

    [Fact]
    public async Task a_generated_change_is_held_until_its_head_proves_red_before_green_and_the_proof_is_in_the_trail()
    {
        const string repository = "github.com/acme/red-first-api";
        await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(repository)}/policy",
            new SetPolicyRequest([], 0, false, "ann", ValidationFirst: ValidationFirstFor.Generated))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated("vf-1", "h1", repository: repository))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("vf-human", "h1", repository: repository))).ShouldHaveStatus(201);

        var refused = await (await app.Post("/v1/changes/vf-1/releases", Requests.Release())).Read<ReleaseOutcome>(409);
        refused.Verdict.Rules.Single(r => !r.Passed).Rule.ShouldBe("validation-first");
        (await app.Get<ReleaseVerdict>("/v1/changes/vf-human/readiness?environment=prod")).Ready.ShouldBeTrue();

        await (await app.Post("/v1/changes/vf-1/attestations", Proof("h1", onBase: ValidationOutcome.Passed))).ShouldHaveStatus(201);
        var notProved = (await app.Get<ReleaseVerdict>("/v1/changes/vf-1/readiness?environment=prod")).Rules.Single(r => r.Rule == "validation-first");
        notProved.Detail.ShouldStartWith("No proof of red before green on head h1: validation_first unit: passed on base ba5e000");

        await (await app.Post("/v1/changes/vf-1/attestations", Proof("h1"))).ShouldHaveStatus(201);
        var released = await (await app.Post("/v1/changes/vf-1/releases", Requests.Release())).Read<ReleaseOutcome>(201);
        var rule = released.Verdict.Rules.Single(r => r.Rule == "validation-first");
        rule.Detail.ShouldBe("validation_first unit: failed on base ba5e000, passed on head, 1 test file(s), 1 test case(s) red to green (Refunds.RetryTests.retries_three_times) on head h1.");
        rule.Evidence.Single().ShouldBe(new EventRef(4, "attestation_recorded", $"validation_first unit on h1 {Digest}"));

        var stored = (await app.Get<Evidence>("/v1/changes/vf-1/evidence")).Attestations!.Last();
        JsonSerializer.Serialize(stored.ValidationFirst, LedgerApp.Json).ShouldBe(JsonSerializer.Serialize(Proof("h1").ValidationFirst, LedgerApp.Json));
        var trail = await app.Get<AuditTrail>("/v1/changes/vf-1/trail");
        trail.Events.Last(e => e.Type == "attestation_recorded").Data.GetProperty("validationFirst").GetProperty("base").GetProperty("outcome").GetString().ShouldBe("failed");
        (await app.Get<ChangeLedger.Contracts.Integrity.VerificationReport>("/v1/integrity/verify?changeId=vf-1")).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_proof_that_could_show_nothing_is_refused_with_every_reason_and_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Generated("vf-bad", head: "h1"))).ShouldHaveStatus(201);
        var proof = Proof("h1");
        var bad = proof with
        {
            ArtifactDigest = FileDigest, Commit = null,
            ValidationFirst = proof.ValidationFirst! with
            {
                Base = new ValidationFirstRun("h1", ValidationOutcome.Errored), TestFiles = [new TestFileDigest("tests/a.sh", "md5:1")],
            },
        };
        var errors = (await (await app.Post("/v1/changes/vf-bad/attestations", bad)).ShouldBeProblem(400, "validation")).GetProperty("errors");
        foreach (var field in new[] { "commit", "validationFirst.base.outcome", "validationFirst.testFiles[0].digest" })
            errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        (await (await app.Post("/v1/changes/vf-bad/attestations", proof with { ValidationFirst = null })).ShouldBeProblem(400, "validation"))
            .GetProperty("errors").GetProperty("kind")[0].GetString().ShouldBe("A validation_first attestation carries its summary in 'validationFirst'.");
        (await app.EventCount("vf-bad")).ShouldBe(1);
    }

    [Fact]
    public async Task a_proof_arrives_in_a_batch_like_any_other_write()
    {
        var propose = JsonSerializer.SerializeToElement(Requests.Generated("vf-batch", head: "h1"), LedgerApp.Json).Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
        propose["type"] = "change_proposed";
        var attest = JsonSerializer.SerializeToElement(Proof("h1"), LedgerApp.Json).Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
        (attest["type"], attest["changeId"]) = ("attestation_recorded", "vf-batch");

        var results = await (await app.Post("/v1/events", new[] { propose, attest })).Read<IngestionResults>(200);
        results.Results.Select(r => (r.Type, r.Status)).ShouldBe([("change_proposed", 201), ("attestation_recorded", 201)]);
        (await app.Get<Evidence>("/v1/changes/vf-batch/evidence")).Attestations!.Single().ValidationFirst!.TestCases.ShouldBe(["Refunds.RetryTests.retries_three_times"]);
    }
}
