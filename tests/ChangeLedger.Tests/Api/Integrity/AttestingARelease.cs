using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Integrity;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Integrity;

/// <summary>Release attestations and trail manifests as DSSE envelopes, checked by securesystemslib as well as by our own code.</summary>
public sealed class AttestingARelease(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Repository = "github.com/attest/app";

    private async Task<string> Released(string id, IReadOnlyList<ArtifactBody>? artifacts = null)
    {
        // Set once or already in force: an identical policy PUT answers 200 and records nothing.
        ((int)(await app.Put("/v1/repositories/github.com%2Fattest%2Fapp/policy", new SetPolicyRequest([], 1, true, "sec-team"))).StatusCode).ShouldBeOneOf(200, 201);
        await (await app.Post("/v1/changes", Requests.Human(id, head: "9f3c2a17d4b8e6f1a0c5d2e7b4f8a1c3d6e9b2f5", repository: Repository))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{id}/reviews", Requests.Review("rita", "9f3c2a17d4b8e6f1a0c5d2e7b4f8a1c3d6e9b2f5"))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{id}/releases", Requests.Release() with { Artifacts = artifacts })).ShouldHaveStatus(201);
        return id;
    }

    [SkippableFact]
    public async Task a_release_attestation_is_an_in_toto_statement_about_the_commit_that_securesystemslib_verifies()
    {
        var id = await Released("att-1");
        var key = await app.Get<PublicKey.PublicKeyAnswer>("/v1/integrity/public-key");

        var envelope = await app.Get<DsseEnvelope>($"/v1/changes/{id}/releases/1/attestation");
        var (exit, output) = await VerifyWithSecureSystemsLib(JsonSerializer.Serialize(envelope), key.PublicKeyPem);

        exit.ShouldBe(0, output);
        envelope.PayloadType.ShouldBe("application/vnd.in-toto+json");
        envelope.Signatures.Single().KeyId.ShouldBe(key.KeyId);
        var statement = JsonNode.Parse(output)!;
        statement["_type"]!.GetValue<string>().ShouldBe("https://in-toto.io/Statement/v1");
        statement["subject"]![0]!["name"]!.GetValue<string>().ShouldBe("git+https://github.com/attest/app@9f3c2a17d4b8e6f1a0c5d2e7b4f8a1c3d6e9b2f5");
        statement["subject"]![0]!["digest"]!["gitCommit"]!.GetValue<string>().ShouldBe("9f3c2a17d4b8e6f1a0c5d2e7b4f8a1c3d6e9b2f5");
        statement["predicateType"]!.GetValue<string>().ShouldBe("https://changeledger.dev/release/v1");
        var predicate = statement["predicate"]!;
        predicate["environment"]!.GetValue<string>().ShouldBe("prod");
        predicate["verdict"]!["ready"]!.GetValue<bool>().ShouldBeTrue();
        predicate["verdict"]!["policyVersion"]!.GetValue<long>().ShouldBe(1);
        predicate["verdict"]!["inputsDigest"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [SkippableFact]
    public async Task a_release_of_artifacts_names_each_artifact_as_a_subject_beside_the_commit()
    {
        const string api = "sha256:4a1e0d5c3b2f7e6d9c8b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d";
        const string worker = "sha256:0b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f3a5b7c";
        var id = await Released("att-artifacts", [new ArtifactBody("payments-api", api), new ArtifactBody(null, worker)]);
        var key = await app.Get<PublicKey.PublicKeyAnswer>("/v1/integrity/public-key");

        var envelope = await app.Get<DsseEnvelope>($"/v1/changes/{id}/releases/1/attestation");
        var (exit, output) = await VerifyWithSecureSystemsLib(JsonSerializer.Serialize(envelope), key.PublicKeyPem);

        exit.ShouldBe(0, output);
        var subjects = JsonNode.Parse(output)!["subject"]!.AsArray();
        subjects.Select(s => s!["name"]!.GetValue<string>()).ShouldBe(["git+https://github.com/attest/app@9f3c2a17d4b8e6f1a0c5d2e7b4f8a1c3d6e9b2f5", "payments-api", worker]);
        subjects[0]!["digest"]!["gitCommit"]!.GetValue<string>().ShouldBe("9f3c2a17d4b8e6f1a0c5d2e7b4f8a1c3d6e9b2f5");
        subjects[1]!["digest"]!["sha256"]!.GetValue<string>().ShouldBe(api["sha256:".Length..]);
        subjects[2]!["digest"]!["sha256"]!.GetValue<string>().ShouldBe(worker["sha256:".Length..]);
    }

    [SkippableFact]
    public async Task a_tampered_attestation_fails_in_securesystemslib()
    {
        var id = await Released("att-2");
        var key = await app.Get<PublicKey.PublicKeyAnswer>("/v1/integrity/public-key");
        var envelope = await app.Get<DsseEnvelope>($"/v1/changes/{id}/releases/1/attestation");
        var statement = Encoding.UTF8.GetString(envelope.PayloadBytes()).Replace("\"ready\":true", "\"ready\":false");
        statement.ShouldContain("\"ready\":false");

        var (exit, output) = await VerifyWithSecureSystemsLib(JsonSerializer.Serialize(envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement)) }), key.PublicKeyPem);

        exit.ShouldBe(1, output);
        output.ShouldContain("does not verify");
    }

    [Fact]
    public async Task a_release_that_does_not_exist_has_no_attestation()
    {
        var id = await Released("att-3");

        var response = await app.Client.GetAsync($"/v1/changes/{id}/releases/2/attestation");

        await response.ShouldHaveStatus(404);
        (await response.Content.ReadAsStringAsync()).ShouldContain("unknown-release");
    }

    [SkippableFact]
    public async Task a_trail_export_ends_in_a_dsse_envelope_that_securesystemslib_verifies_and_a_tampered_one_fails()
    {
        await Released("att-4");
        await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).ShouldHaveStatus(201);
        var key = await app.Get<PublicKey.PublicKeyAnswer>("/v1/integrity/public-key");
        var lines = Encoding.UTF8.GetString(await app.Download("/v1/exports/trail?repository=github.com/attest/*")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var envelope = JsonSerializer.Deserialize<DsseEnvelope>(lines[^1])!;
        var forged = Encoding.UTF8.GetString(envelope.PayloadBytes()).Replace($"\"rows\":{lines.Length - 1}", $"\"rows\":{lines.Length}");

        var (exit, output) = await VerifyWithSecureSystemsLib(lines[^1], key.PublicKeyPem);
        var (forgedExit, _) = await VerifyWithSecureSystemsLib(JsonSerializer.Serialize(envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(forged)) }), key.PublicKeyPem);

        exit.ShouldBe(0, output);
        envelope.PayloadType.ShouldBe(TrailManifest.PayloadType);
        JsonNode.Parse(output)!["rows"]!.GetValue<long>().ShouldBe(lines.Length - 1);
        forged.ShouldNotBe(Encoding.UTF8.GetString(envelope.PayloadBytes()));
        forgedExit.ShouldBe(1);
    }

    /// <summary>Runs Debian's /usr/bin/python3 with its securesystemslib on the envelope and the public key.</summary>
    private static async Task<(int Exit, string Output)> VerifyWithSecureSystemsLib(string envelopeJson, string publicKeyPem)
    {
        Tools.RequirePythonModule("securesystemslib.signer", "python3-securesystemslib");
        var folder = Directory.CreateTempSubdirectory("changeledger-dsse-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "envelope.json"), envelopeJson);
            await File.WriteAllTextAsync(Path.Combine(folder, "key.pem"), publicKeyPem);
            var script = Path.Combine(PostgresServer.RepositoryRoot(), "tests", "ChangeLedger.Tests", "Support", "verify-dsse.py");
            using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, Path.Combine(folder, "envelope.json"), Path.Combine(folder, "key.pem")])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var stdout = python.StandardOutput.ReadToEndAsync();
            var stderr = python.StandardError.ReadToEndAsync();
            await python.WaitForExitAsync();
            return (python.ExitCode, await stdout + await stderr);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
