using System.Security.Cryptography;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>changeledger attest: the summary and the file's digest reach the ledger, the file does not.</summary>
public sealed class AttestingFromReports(LedgerApp app) : IClassFixture<LedgerApp>
{
    private static string Digest(string sample) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(SummarisingReports.Sample(sample))));

    [Fact]
    public async Task each_report_kind_is_attested_from_its_file_and_shows_in_the_evidence()
    {
        await (await app.Post("/v1/changes", Requests.Generated("cli-attest", head: "h1"))).ShouldHaveStatus(201);
        string[] bind = ["--change", "cli-attest", "--commit", "h1"];

        var junit = await app.Cli(["attest", "junit", SummarisingReports.Sample("junit/refunds-unit.xml"), "--name", "unit", .. bind]);
        junit.Exit.ShouldBe(0, junit.All);
        junit.Out.Trim().ShouldBe("attested test_report unit (6 tests, 4 failures, 0 errors, 1 skipped) on h1 for cli-attest");
        foreach (string[] args in new string[][]
                 {
                     ["attest", "sarif", SummarisingReports.Sample("sarif/codeql-csharp.sarif"), .. bind],
                     ["attest", "sarif", SummarisingReports.Sample("sarif/codeql-csharp.sarif"), "--as", "security-scan", .. bind],
                     ["attest", "cyclonedx", SummarisingReports.Sample("cyclonedx/payments-bom-1.5.json"), "--artifact", Digest("cyclonedx/payments-bom-1.5.json"), .. bind],
                     ["attest", "spdx", SummarisingReports.Sample("spdx/payments-2.3.spdx.json"), .. bind],
                     ["attest", "coverage", SummarisingReports.Sample("cobertura/coverage.cobertura.xml"), .. bind],
                     ["attest", "custom", "--type", "perf-budget", "--summary", SummarisingReports.Sample("custom/perf-budget.json"), .. bind],
                     ["attest", "coverage", "--percent", "91.5", .. bind],
                 })
        {
            var run = await app.Cli(args);
            run.Exit.ShouldBe(0, run.All);
        }

        var attested = (await app.Get<Evidence>("/v1/changes/cli-attest/evidence")).Attestations!;
        attested.Select(a => a.Kind).ShouldBe([AttestationType.TestReport, AttestationType.StaticAnalysis, AttestationType.SecurityScan,
            AttestationType.Sbom, AttestationType.Sbom, AttestationType.Coverage, AttestationType.Custom, AttestationType.Coverage]);
        attested[0].ContentDigest.ShouldBe(Digest("junit/refunds-unit.xml"));
        attested[0].TestReport.ShouldBe(new TestReportSummary(6, 4, 0, 1, "junit"));
        (attested[1].StaticAnalysis!.Errors, attested[2].SecurityScan!.High).ShouldBe((2, 2));
        attested[3].ArtifactDigest.ShouldBe(Digest("cyclonedx/payments-bom-1.5.json"));
        attested[4].Sbom.ShouldBe(new SbomSummary("spdx", "SPDX-2.3", 3, "payments-2.4.0"));
        attested[5].Coverage!.Percent.ShouldBe(83.25);
        (attested[6].Name, attested[6].Custom!.Value.GetProperty("p95Ms").GetDouble()).ShouldBe(("perf-budget", 182.5));
        attested[7].Coverage.ShouldBe(new CoverageSummary(91.5));
    }

    [Fact]
    public async Task a_signed_envelope_is_posted_as_it_is_and_recorded_with_its_signer_and_one_altered_is_refused()
    {
        await (await app.Post("/v1/changes", Requests.Generated("cli-envelope", head: "h1"))).ShouldHaveStatus(201);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await (await app.Put("/v1/access/signers/cli-ci", new SignerRequest(key.ExportSubjectPublicKeyInfoPem(), [Requests.Repository], "CI signs"))).ShouldHaveStatus(201);
        var statement = """{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"git+https://github.com/acme/payments@h1","digest":{"gitCommit":"h1"}}],"predicateType":"https://in-toto.io/attestation/test-result/v0.1","predicate":{"result":"PASSED","passedTests":["a","b"]}}""";
        var envelope = ChangeLedger.Contracts.Integrity.Dsse.Sign(key, "cli-ci", "application/vnd.in-toto+json", System.Text.Encoding.UTF8.GetBytes(statement));
        var folder = Directory.CreateTempSubdirectory("changeledger-envelope-").FullName;
        var good = Path.Combine(folder, "tests.intoto.json");
        var altered = Path.Combine(folder, "altered.intoto.json");
        await File.WriteAllTextAsync(good, System.Text.Json.JsonSerializer.Serialize(envelope));
        await File.WriteAllTextAsync(altered, System.Text.Json.JsonSerializer.Serialize(envelope with
        {
            Payload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(statement.Replace("\"b\"", "\"c\"", StringComparison.Ordinal))),
        }));

        var run = await app.Cli("attest", "envelope", good, "--change", "cli-envelope", "--name", "unit");
        var refused = await app.Cli("attest", "envelope", altered, "--change", "cli-envelope");
        Directory.Delete(folder, recursive: true);

        run.Exit.ShouldBe(0, run.All);
        refused.Exit.ShouldNotBe(0);
        refused.Error.ShouldContain("does not verify");
        var attested = (await app.Get<Evidence>("/v1/changes/cli-envelope/evidence")).Attestations!.Single();
        (attested.Kind, attested.Name, attested.SignedBy, attested.TestReport!.Tests).ShouldBe((AttestationType.TestReport, "unit", "cli-ci", 2));
    }

    [Fact]
    public async Task a_report_of_the_wrong_format_is_refused_before_anything_is_sent()
    {
        await (await app.Post("/v1/changes", Requests.Generated("cli-attest-bad", head: "h1"))).ShouldHaveStatus(201);

        var run = await app.Cli("attest", "junit", SummarisingReports.Sample("spdx/payments-2.3.spdx.json"), "--change", "cli-attest-bad", "--commit", "h1");
        run.Exit.ShouldBe(64);
        run.Error.ShouldContain("payments-2.3.spdx.json");
        var missing = await app.Cli("attest", "sarif", "/nonexistent/results.sarif", "--change", "cli-attest-bad", "--commit", "h1");
        missing.Exit.ShouldBe(66);
        (await app.EventCount("cli-attest-bad")).ShouldBe(1);
    }
}
