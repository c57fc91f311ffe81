using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Reports;

namespace ChangeLedger.Changes;

/// <summary>
/// What a signed in-toto Statement v1 attests, read into the attestation it maps to: the summary of its predicate,
/// the commits and artifacts its subjects name, and the digest of the statement as signed. The statement itself is
/// not kept (as no attested file is); its SHA-256 is the attestation's contentDigest.
/// </summary>
public sealed record InTotoStatement(RecordAttestationRequest Attestation, IReadOnlyList<string> Commits, IReadOnlyList<string> Artifacts)
{
    public const string PayloadType = "application/vnd.in-toto+json";
    public const string StatementV1 = "https://in-toto.io/Statement/v1";
    public const string SlsaProvenanceV1 = "https://slsa.dev/provenance/v1";
    public const string TestResultV01 = "https://in-toto.io/attestation/test-result/v0.1";
    public const string CycloneDx = "https://cyclonedx.org/bom";
    public const string Spdx = "https://spdx.dev/Document";
    public const string SarifV210 = "https://docs.oasis-open.org/sarif/sarif/2.1.0";

    /// <summary>The statement, or why it is not one the ledger reads (422: the envelope is well-formed, its content is not attestable).</summary>
    public static (InTotoStatement? Statement, Problem? Problem) Read(byte[] payload, string? name, string? url)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(payload).RootElement; }
        catch (JsonException e) { return (null, Unsupported($"The payload is not JSON: {e.Message.Split(" Path:")[0]}")); }
        if (root.ValueKind != JsonValueKind.Object || Text(root, "_type") != StatementV1)
            return (null, Unsupported($"The payload is not an in-toto Statement: its \"_type\" is not \"{StatementV1}\"."));
        if (!root.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array || subjects.GetArrayLength() == 0)
            return (null, Unsupported("The statement names no subject; it must name the change's head commit (a subject with a gitCommit digest)."));
        if (!root.TryGetProperty("predicate", out var predicate) || predicate.ValueKind != JsonValueKind.Object)
            return (null, Unsupported("The statement has no predicate object."));

        var commits = new List<string>();
        var artifacts = new List<string>();
        foreach (var subject in subjects.EnumerateArray())
        {
            if (!subject.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.Object) continue;
            if (Text(digest, "gitCommit") is { } commit) commits.Add(commit);
            if (Text(digest, "sha256") is { } sha256) artifacts.Add("sha256:" + sha256.ToLowerInvariant());
        }

        var contentDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(payload));
        var type = Text(root, "predicateType") ?? "";
        var attestation = new RecordAttestationRequest(null, contentDigest, "dsse", Name: name, Url: url);
        try
        {
            attestation = type switch
            {
                SlsaProvenanceV1 => Provenance(attestation, predicate, commits),
                TestResultV01 => attestation with { Kind = AttestationType.TestReport, TestReport = TestResult(predicate) },
                _ when IsType(type, CycloneDx) => attestation with { Kind = AttestationType.Sbom, Sbom = Sbom.CycloneDx(Stream(predicate)) },
                _ when IsType(type, Spdx) => attestation with { Kind = AttestationType.Sbom, Sbom = Sbom.Spdx(Stream(predicate)) },
                SarifV210 => attestation with { Kind = AttestationType.StaticAnalysis, StaticAnalysis = Sarif.Summarise(Stream(predicate)) },
                _ => throw new ReportException($"predicate type '{type}' is not one the ledger reads: {SlsaProvenanceV1}, {TestResultV01}, {CycloneDx}[/…], {Spdx}[/…], {SarifV210}."),
            };
        }
        catch (Exception e) when (e is ReportException or JsonException or InvalidOperationException or FormatException)
        {
            return (null, Unsupported($"The {type} predicate cannot be read: {e.Message}"));
        }
        return (new InTotoStatement(attestation, commits, artifacts.Distinct(StringComparer.Ordinal).ToList()), null);
    }

    /// <summary>SLSA provenance v1: who built what how, as a custom attestation; the commit built is a resolved dependency with a gitCommit digest.</summary>
    private static RecordAttestationRequest Provenance(RecordAttestationRequest attestation, JsonElement predicate, List<string> commits)
    {
        var build = predicate.TryGetProperty("buildDefinition", out var b) && b.ValueKind == JsonValueKind.Object ? b
            : throw new ReportException("it has no buildDefinition.");
        var dependencies = build.TryGetProperty("resolvedDependencies", out var d) && d.ValueKind == JsonValueKind.Array ? d.EnumerateArray().ToList() : [];
        foreach (var dependency in dependencies)
            if (dependency.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.Object && Text(digest, "gitCommit") is { } commit)
                commits.Add(commit);
        var run = predicate.TryGetProperty("runDetails", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        var summary = new Dictionary<string, object?>
        {
            ["buildType"] = Text(build, "buildType") ?? throw new ReportException("its buildDefinition has no buildType."),
            ["builder"] = run.ValueKind == JsonValueKind.Object && run.TryGetProperty("builder", out var builder) ? Text(builder, "id") : null,
            ["invocationId"] = run.ValueKind == JsonValueKind.Object && run.TryGetProperty("metadata", out var meta) ? Text(meta, "invocationId") : null,
            ["resolvedDependencies"] = dependencies.Count,
        };
        return attestation with
        {
            Kind = AttestationType.Custom, Name = attestation.Name ?? "slsa-provenance-v1",
            Custom = JsonSerializer.SerializeToElement(summary.Where(s => s.Value is not null).ToDictionary()),
        };
    }

    /// <summary>
    /// The in-toto test result: every test named passed, warned (counted as passed) or failed. A FAILED result that
    /// names no failed test counts as one test in error, so a gate never reads it as passing.
    /// </summary>
    private static TestReportSummary TestResult(JsonElement predicate)
    {
        int Count(string list) => predicate.TryGetProperty(list, out var l) && l.ValueKind == JsonValueKind.Array ? l.GetArrayLength() : 0;
        var result = Text(predicate, "result");
        if (result is not ("PASSED" or "WARNED" or "FAILED")) throw new ReportException($"its result is {(result is null ? "missing" : $"'{result}'")}; PASSED, WARNED or FAILED.");
        var (passed, warned, failed) = (Count("passedTests"), Count("warnedTests"), Count("failedTests"));
        var unnamedFailure = result == "FAILED" && failed == 0 ? 1 : 0;
        if (result != "FAILED" && failed > 0) throw new ReportException($"its result is {result} but it lists {failed} failed test(s).");
        return new TestReportSummary(passed + warned + failed + unnamedFailure, failed, unnamedFailure, 0, "in-toto-test-result-v0.1");
    }

    private static bool IsType(string type, string family) => type == family || type.StartsWith(family + "/", StringComparison.Ordinal);

    private static MemoryStream Stream(JsonElement predicate) => new(Encoding.UTF8.GetBytes(predicate.GetRawText()));

    private static string? Text(JsonElement e, string member) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static Problem Unsupported(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(422, "unsupported-statement", "The envelope's statement is not one the ledger can record", detail, errors);
}
