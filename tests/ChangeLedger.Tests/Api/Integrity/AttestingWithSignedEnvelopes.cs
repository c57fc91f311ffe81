using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Integrity;

/// <summary>
/// DSSE envelopes of in-toto statements in: recorded as the attestation their predicate maps to when a registered
/// signer's signature verifies (the signer is recorded), refused with 422 and nothing stored when it does not.
/// </summary>
public sealed class AttestingWithSignedEnvelopes(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Repo = "github.com/acme/signed";
    private const string Head = "4f2b9e1c7a3d5e6f8091a2b3c4d5e6f708192a3b";
    private const string Image = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static JsonObject Statement(string predicateType, JsonNode predicate, params JsonObject[] subjects) => new()
    {
        ["_type"] = "https://in-toto.io/Statement/v1",
        ["subject"] = new JsonArray([.. subjects.Length > 0 ? subjects : [CommitSubject(Head)]]),
        ["predicateType"] = predicateType,
        ["predicate"] = predicate,
    };

    private static JsonObject CommitSubject(string commit) =>
        new() { ["name"] = $"git+https://{Repo}@{commit}", ["digest"] = new JsonObject { ["gitCommit"] = commit } };

    private static JsonObject TestResult(string result, string[] passed, string[] failed) => new()
    {
        ["result"] = result, ["passedTests"] = new JsonArray([.. passed.Select(p => JsonValue.Create(p))]),
        ["failedTests"] = new JsonArray([.. failed.Select(p => JsonValue.Create(p))]),
    };

    private static DsseEnvelope SignHere(ECDsa key, string keyId, JsonObject statement) =>
        Dsse.Sign(key, keyId, Dsse.InTotoPayloadType, Encoding.UTF8.GetBytes(statement.ToJsonString()));

    private async Task<HttpResponseMessage> PostEnvelope(string changeId, object envelope, string mediaType = "application/vnd.dsse.envelope.v1+json")
    {
        var content = new StringContent(JsonSerializer.Serialize(envelope, envelope.GetType(), LedgerApp.Json), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await app.Client.PostAsync($"/v1/changes/{changeId}/attestations", content);
    }

    private async Task Register(string keyId, string pem, string repositories = Repo) =>
        await (await app.Put($"/v1/access/signers/{keyId}", new SignerRequest(pem, [repositories], "CI signs its test results"))).ShouldHaveStatus(201);

    private async Task Propose(string changeId) =>
        await (await app.Post("/v1/changes", Requests.Generated(changeId, head: Head, repository: Repo))).ShouldHaveStatus(201);

    [SkippableFact]
    public async Task an_envelope_signed_with_securesystemslib_by_a_registered_ed25519_key_is_recorded_with_its_signer()
    {
        await Propose("dsse-1");
        var statement = Statement("https://in-toto.io/attestation/test-result/v0.1", TestResult("FAILED", ["unit/a", "unit/b"], ["unit/c"]));
        var signed = await SignWithSecureSystemsLib(statement, "ed25519");
        var keyId = signed["keyid"]!.GetValue<string>();
        await Register(keyId, signed["publicKeyPem"]!.GetValue<string>());

        await (await PostEnvelope("dsse-1", signed["envelope"]!)).ShouldHaveStatus(201);

        var attestation = (await app.Get<Evidence>("/v1/changes/dsse-1/evidence")).Attestations!.Single();
        (attestation.Kind, attestation.Commit, attestation.SignedBy, attestation.AttestedBy).ShouldBe((AttestationType.TestReport, Head, keyId, keyId));
        attestation.TestReport.ShouldBe(new TestReportSummary(3, 1, 0, 0, "in-toto-test-result-v0.1"));
        var payload = Convert.FromBase64String(signed["envelope"]!["payload"]!.GetValue<string>());
        attestation.ContentDigest.ShouldBe("sha256:" + Convert.ToHexStringLower(SHA256.HashData(payload)));
        var trail = await app.Get<AuditTrail>("/v1/changes/dsse-1/trail");
        trail.Events[^1].Data.GetProperty("signedBy").GetString().ShouldBe(keyId);
    }

    [Fact]
    public async Task envelopes_signed_here_with_ecdsa_p256_map_provenance_sarif_and_sboms_to_their_kinds_whether_sent_as_dsse_or_as_json()
    {
        await Propose("dsse-2");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await Register("ci-p256", key.ExportSubjectPublicKeyInfoPem());
        var provenance = Statement("https://slsa.dev/provenance/v1", new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = "https://actions.github.io/buildtypes/workflow/v1",
                ["resolvedDependencies"] = new JsonArray(new JsonObject { ["uri"] = $"git+https://{Repo}@refs/heads/main", ["digest"] = new JsonObject { ["gitCommit"] = Head } }),
            },
            ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = "https://github.com/actions/runner" }, ["metadata"] = new JsonObject { ["invocationId"] = "run-77" } },
        }, new JsonObject { ["name"] = "ghcr.io/acme/signed", ["digest"] = new JsonObject { ["sha256"] = Image } });
        var sarif = Statement("https://docs.oasis-open.org/sarif/sarif/2.1.0", JsonNode.Parse(File.ReadAllText(Cli.SummarisingReports.Sample("sarif/codeql-csharp.sarif")))!);
        var sbom = Statement("https://cyclonedx.org/bom/v1.5", JsonNode.Parse(File.ReadAllText(Cli.SummarisingReports.Sample("cyclonedx/payments-bom-1.5.json")))!,
            CommitSubject(Head), new JsonObject { ["name"] = "ghcr.io/acme/signed", ["digest"] = new JsonObject { ["sha256"] = Image } });

        await (await PostEnvelope("dsse-2", SignHere(key, "ci-p256", provenance))).ShouldHaveStatus(201);
        await (await PostEnvelope("dsse-2", SignHere(key, "ci-p256", sarif), "application/json")).ShouldHaveStatus(201);
        // A signature without a keyid is tried against the signers registered for the change's repository.
        var anonymous = SignHere(key, "", sbom);
        await (await PostEnvelope("dsse-2", new AttestationEnvelopeRequest(anonymous.PayloadType, anonymous.Payload, anonymous.Signatures, Name: "image", EventId: "sbom-1")))
            .ShouldHaveStatus(201);

        var attestations = (await app.Get<Evidence>("/v1/changes/dsse-2/evidence")).Attestations!;
        attestations.ShouldAllBe(a => a.SignedBy == "ci-p256" && a.Commit == Head);
        attestations.Select(a => (a.Kind, a.Name)).ShouldBe([(AttestationType.Custom, "slsa-provenance-v1"), (AttestationType.StaticAnalysis, null), (AttestationType.Sbom, "image")]);
        attestations[0].ArtifactDigest.ShouldBe("sha256:" + Image);
        attestations[0].Custom!.Value.GetProperty("builder").GetString().ShouldBe("https://github.com/actions/runner");
        (attestations[1].StaticAnalysis!.Tool, attestations[1].StaticAnalysis!.Errors).ShouldBe(("CodeQL", 2));
        attestations[2].Sbom.ShouldBe(new SbomSummary("cyclonedx", "1.5", 3, "ghcr.io/acme/payments 2.4.0"));
        attestations[2].ArtifactDigest.ShouldBe("sha256:" + Image);
    }

    [Fact]
    public async Task a_tampered_unknown_revoked_or_out_of_scope_signature_and_a_statement_about_other_code_are_refused_and_nothing_is_stored()
    {
        await Propose("dsse-3");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var revoked = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var elsewhere = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await Register("ci-3", key.ExportSubjectPublicKeyInfoPem());
        await Register("ci-3-old", revoked.ExportSubjectPublicKeyInfoPem());
        await Register("other-ci", elsewhere.ExportSubjectPublicKeyInfoPem(), "github.com/acme/other");
        await (await app.Client.DeleteAsync("/v1/access/signers/ci-3-old?reason=key%20leaked%20in%20INC-9")).ShouldHaveStatus(200);
        var passing = Statement("https://in-toto.io/attestation/test-result/v0.1", TestResult("PASSED", ["a"], []));
        var before = await app.EventCount("dsse-3");

        var good = SignHere(key, "ci-3", passing);
        var tampered = good with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(passing.ToJsonString().Replace("PASSED", "WARNED", StringComparison.Ordinal))) };
        await (await PostEnvelope("dsse-3", tampered)).ShouldBeProblem(422, "bad-signature");
        await (await PostEnvelope("dsse-3", SignHere(stranger, "ci-3-new", passing))).ShouldBeProblem(422, "unknown-signer");
        var problem = await (await PostEnvelope("dsse-3", SignHere(revoked, "ci-3-old", passing))).ShouldBeProblem(422, "revoked-signer");
        problem.GetProperty("detail").GetString()!.ShouldContain("key leaked in INC-9");
        await (await PostEnvelope("dsse-3", SignHere(elsewhere, "other-ci", passing))).ShouldBeProblem(422, "signer-out-of-scope");
        var otherCommit = Statement("https://in-toto.io/attestation/test-result/v0.1", TestResult("PASSED", ["a"], []), CommitSubject("0000000000000000000000000000000000000001"));
        await (await PostEnvelope("dsse-3", SignHere(key, "ci-3", otherCommit))).ShouldBeProblem(422, "subject-mismatch");
        await (await PostEnvelope("dsse-3", SignHere(key, "ci-3", Statement("https://example.com/my-predicate/v1", new JsonObject()))))
            .ShouldBeProblem(422, "unsupported-statement");
        await (await PostEnvelope("dsse-3", good with { Payload = "not base64!" })).ShouldBeProblem(400, "validation");
        await (await PostEnvelope("dsse-3", good with { PayloadType = "application/json" })).ShouldBeProblem(400, "validation");

        (await app.EventCount("dsse-3")).ShouldBe(before);
        await (await PostEnvelope("dsse-3", good)).ShouldHaveStatus(201);
    }

    [Fact]
    public async Task signers_are_events_registered_changed_and_revoked_with_who_and_why_and_a_key_id_names_one_key_for_good()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportSubjectPublicKeyInfoPem();
        (await (await app.Put("/v1/access/signers/release-ci", new SignerRequest(pem, [Repo], "release CI signs provenance"))).Read<SignerInfo>(201))
            .Algorithm.ShouldBe("ecdsa-p256");
        (await (await app.Put("/v1/access/signers/release-ci", new SignerRequest(pem, [Repo], "again"))).Read<SignerInfo>(200)).Version.ShouldBe(1);
        (await (await app.Put("/v1/access/signers/release-ci", new SignerRequest(pem, [Repo, "github.com/acme/tools"], "tools too"))).Read<SignerInfo>(200)).Version.ShouldBe(2);
        await (await app.Put("/v1/access/signers/release-ci", new SignerRequest(other.ExportSubjectPublicKeyInfoPem(), [Repo], "swap"))).ShouldBeProblem(409, "signer-key-differs");
        (await (await app.Client.DeleteAsync("/v1/access/signers/release-ci?reason=runner%20retired")).Read<SignerInfo>(200)).Revoked.ShouldBeTrue();
        await (await app.Put("/v1/access/signers/release-ci", new SignerRequest(pem, [Repo], "back"))).ShouldBeProblem(409, "signer-revoked");
        await (await app.Put("/v1/access/signers/bad-1", new SignerRequest("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", [Repo], "x"))).ShouldBeProblem(400, "validation");
        await (await app.Put("/v1/access/signers/bad-2", new SignerRequest(key.ExportPkcs8PrivateKeyPem(), [Repo], "x"))).ShouldBeProblem(400, "validation");

        var trail = await app.Get<AuditTrail>("/v1/access/signers/release-ci/trail");
        trail.ChangeId.ShouldBe("~signer:release-ci");
        trail.Events.Select(e => e.Type).ShouldBe(["signer_registered", "signer_changed", "signer_revoked"]);
        trail.Events.Select(e => e.Data.GetProperty("reason").GetString()).ShouldBe(["release CI signs provenance", "tools too", "runner retired"]);
        trail.Events.ShouldAllBe(e => e.Actor.StartsWith("key:"));
        (await app.Get<SignerInfo[]>("/v1/access/signers")).Single(s => s.KeyId == "release-ci").Revoked.ShouldBeTrue();
        (await app.Count("select count(*) from ledger.mt_events where stream_id like '~signer:bad-%'")).ShouldBe(0);
    }

    /// <summary>Runs Debian's /usr/bin/python3 with its securesystemslib: a fresh key, and the statement signed with it.</summary>
    private static async Task<JsonNode> SignWithSecureSystemsLib(JsonObject statement, string scheme)
    {
        Tools.RequirePythonModule("securesystemslib.signer", "python3-securesystemslib");
        var folder = Directory.CreateTempSubdirectory("changeledger-dsse-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "statement.json"), statement.ToJsonString());
            var script = Path.Combine(PostgresServer.RepositoryRoot(), "tests", "ChangeLedger.Tests", "Support", "sign-dsse.py");
            using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, Path.Combine(folder, "statement.json"), scheme])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var stdout = python.StandardOutput.ReadToEndAsync();
            var stderr = python.StandardError.ReadToEndAsync();
            await python.WaitForExitAsync();
            python.ExitCode.ShouldBe(0, await stderr);
            return JsonNode.Parse(await stdout)!;
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
