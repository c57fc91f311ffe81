using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ChangeLedger.Contracts.Reports;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger attest junit|sarif|cyclonedx|spdx|coverage|custom FILE — summarises a report here, in one streaming
/// pass, and records the summary with the file's SHA-256 (AttestationRecorded). The file itself never leaves the machine.
/// </summary>
public static class Attest
{
    public static Command Create(Common common)
    {
        var attest = new Command("attest", "Attest a report about a commit or an artifact: its summary and digest, never the file (AttestationRecorded)");
        attest.Add(JUnitReport(common));
        attest.Add(SarifLog(common));
        attest.Add(FromFile(common, "cyclonedx", "A CycloneDX JSON SBOM (sbom)", AttestationType.Sbom,
            path => ReportFile.Read(path, Sbom.CycloneDx), (r, s) => r with { Sbom = s }, s => $"{s.Components} components, CycloneDX {s.SpecVersion}"));
        attest.Add(FromFile(common, "spdx", "An SPDX 2 JSON SBOM (sbom)", AttestationType.Sbom,
            path => ReportFile.Read(path, Sbom.Spdx), (r, s) => r with { Sbom = s }, s => $"{s.Components} packages, {s.SpecVersion}"));
        attest.Add(Coverage(common));
        attest.Add(Custom(common));
        attest.Add(Envelope(common));
        return attest;
    }

    /// <summary>What every attest command takes besides its file.</summary>
    private sealed record Binding(Option<string> Change, Option<string?> Commit, Option<string?> Artifact, Option<string?> Name,
        Option<string?> ReportUrl, Option<string?> AttestedBy, Option<string?> EventId, Option<string[]> Criteria)
    {
        public static Binding Options() => new(Common.Change(),
            Common.Optional("--commit", "The commit the report is about (default: git rev-parse HEAD, unless --artifact is given)"),
            Common.Optional("--artifact", "The artifact the report is about, sha256:<64 hex digits>"),
            Common.Optional("--name", "Tells reports of one kind apart, e.g. unit or integration"),
            Common.Optional("--report-url", "Where the original file can be read (default: the CI run)"),
            Common.Optional("--attested-by", "Who attests it (default: $CHANGELEDGER_RUNNER, the CI system, or this machine)"),
            Common.EventId(), Common.Criteria("this attestation proves when it passes"));

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Change, Commit, Artifact, Name, ReportUrl, AttestedBy, EventId, Criteria }) command.Add(option);
        }
    }

    private static Command FromFile<T>(Common common, string name, string description, AttestationType kind, Func<string, Summarised<T>> read,
        Func<RecordAttestationRequest, T, RecordAttestationRequest> summary, Func<T, string> says)
    {
        var binding = Binding.Options();
        var file = new Argument<string>("file") { Description = "The report" };
        var command = new Command(name, description) { file };
        binding.AddTo(command);
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var report = read(parse.GetValue(file)!);
            return await Send(common, client, json, parse, binding, kind, report.ContentDigest, r => summary(r, report.Summary), says(report.Summary), ct);
        }));
        return command;
    }

    /// <summary>A JUnit report; with --criteria-from-tests, the criteria its test cases name too (JUnit.cs: [AC-2] in a name, or a criterion property).</summary>
    private static Command JUnitReport(Common common)
    {
        var binding = Binding.Options();
        var file = new Argument<string>("file") { Description = "The report" };
        var fromTests = new Option<bool>("--criteria-from-tests")
        {
            Description = "Also claim the acceptance criteria the test cases name: [AC-2] in a test's name, or a property criterion=AC-2",
        };
        var command = new Command("junit", "A JUnit XML test report (test_report)") { file, fromTests };
        binding.AddTo(command);
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var report = ReportFile.Read(parse.GetValue(file)!, stream => JUnit.Read(stream, criteria: parse.GetValue(fromTests)));
            var s = report.Summary.Summary;
            return await Send(common, client, json, parse, binding, AttestationType.TestReport, report.ContentDigest,
                r => r with { TestReport = s, Criteria = Common.CriteriaOf(parse, binding.Criteria, parse.GetValue(fromTests) ? report.Summary.Criteria : null) },
                $"{s.Tests} tests, {s.Failures} failures, {s.Errors} errors, {s.Skipped} skipped", ct);
        }));
        return command;
    }

    /// <summary>A SARIF log; with --criteria-from-tags, the criteria its rules and results are tagged with too (Sarif.cs: criterion:AC-2 in properties.tags).</summary>
    private static Command SarifLog(Common common)
    {
        var binding = Binding.Options();
        var file = new Argument<string>("file") { Description = "The SARIF 2.1.0 log" };
        var kind = Common.Optional("--as", "static-analysis (default) or security-scan: findings by level, or by severity");
        kind.AcceptOnlyFromAmong("static-analysis", "security-scan");
        var fromTags = new Option<bool>("--criteria-from-tags")
        {
            Description = "Also claim the acceptance criteria the rules and results are tagged with: a tag criterion:AC-2 in their properties.tags",
        };
        var command = new Command("sarif", "A SARIF 2.1.0 log (static_analysis, or security_scan with --as)") { file, kind, fromTags };
        binding.AddTo(command);
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var log = ReportFile.Read(parse.GetValue(file)!, ChangeLedger.Contracts.Reports.Sarif.Read);
            var criteria = Common.CriteriaOf(parse, binding.Criteria, parse.GetValue(fromTags) ? log.Summary.Criteria : null);
            if (parse.GetValue(kind) == "security-scan")
            {
                var scan = log.Summary.AsSecurityScan();
                return await Send(common, client, json, parse, binding, AttestationType.SecurityScan, log.ContentDigest, r => r with { SecurityScan = scan, Criteria = criteria },
                    $"{scan.Critical} critical, {scan.High} high, {scan.Medium} medium, {scan.Low} low", ct);
            }
            var analysis = log.Summary.AsStaticAnalysis();
            return await Send(common, client, json, parse, binding, AttestationType.StaticAnalysis, log.ContentDigest, r => r with { StaticAnalysis = analysis, Criteria = criteria },
                $"{analysis.Errors} errors, {analysis.Warnings} warnings, {analysis.Notes} notes", ct);
        }));
        return command;
    }

    private static Command Coverage(Common common)
    {
        var binding = Binding.Options();
        var file = new Argument<string?>("file") { Description = "A Cobertura XML report", Arity = ArgumentArity.ZeroOrOne };
        var percent = Common.Optional("--percent", "The line coverage in percent, instead of (or overriding) the report's");
        var command = new Command("coverage", "Test coverage from a Cobertura XML report and/or a percent (coverage)") { file, percent };
        binding.AddTo(command);
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            double? given = parse.GetValue(percent) is { } p
                ? double.TryParse(p.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 100 ? v
                    : throw new CliException(ExitCodes.Usage, $"--percent '{p}' is not a number between 0 and 100.")
                : null;
            if (parse.GetValue(file) is not { } path && given is null) throw new CliException(ExitCodes.Usage, "Give a Cobertura report, --percent, or both.");
            var report = parse.GetValue(file) is { } f ? ReportFile.Read(f, Cobertura.Summarise) : null;
            var summary = report?.Summary is { } s ? (given is null ? s : s with { Percent = given }) : new CoverageSummary(given);
            // Without a file there is nothing else to digest: the digest is of the figure attested, as canonical JSON.
            var digest = report?.ContentDigest ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(
                ChangeLedger.Contracts.Integrity.CanonicalJson.Encode(JsonSerializer.Serialize(new { percent = given }))));
            return await Send(common, client, json, parse, binding, AttestationType.Coverage, digest, r => r with { Coverage = summary },
                $"{summary.Percent?.ToString(CultureInfo.InvariantCulture)}% line coverage", ct);
        }));
        return command;
    }

    private static Command Custom(Common common)
    {
        var binding = Binding.Options();
        var type = Common.Required("--type", "The custom attestation's type, e.g. perf-budget (recorded as its name)");
        var summaryFile = Common.Required("--summary", "A JSON file with the summary object, sent as it is");
        var original = Common.Optional("--file", "The original file the summary describes, to digest (default: the summary file)");
        var command = new Command("custom", "Any other evidence: a named type with a JSON summary (custom)") { type, summaryFile, original };
        foreach (var option in new Option[] { binding.Change, binding.Commit, binding.Artifact, binding.ReportUrl, binding.AttestedBy, binding.EventId, binding.Criteria }) command.Add(option);
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var summary = ReportFile.Read(parse.GetValue(summaryFile)!, s => JsonDocument.Parse(s).RootElement.Clone());
            var digest = parse.GetValue(original) is { } o ? ReportFile.Read(o, _ => 0).ContentDigest : summary.ContentDigest;
            return await Send(common, client, json, parse, binding with { Name = type! }, AttestationType.Custom, digest, r => r with { Custom = summary.Summary },
                $"{parse.GetValue(type)}", ct);
        }));
        return command;
    }

    /// <summary>
    /// A DSSE envelope of a signed in-toto statement (cosign attest --key, in-toto, securesystemslib), posted as it is:
    /// the ledger verifies its signature against the registered signers and reads the predicate. Nothing is summarised here.
    /// </summary>
    private static Command Envelope(Common common)
    {
        var change = Common.Change();
        var file = new Argument<string>("file") { Description = "The DSSE envelope (JSON: payloadType, payload, signatures)" };
        var name = Common.Optional("--name", "Tells attestations of one kind apart, e.g. unit or integration");
        var url = Common.Optional("--report-url", "Where the envelope or its report can be read (default: the CI run)");
        var eventId = Common.EventId();
        var command = new Command("envelope", "A DSSE envelope of a signed in-toto statement: SLSA provenance, test result, SARIF, CycloneDX, SPDX") { file, change, name, url, eventId };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var read = ReportFile.Read(parse.GetValue(file)!, s => JsonSerializer.Deserialize<DsseEnvelopeFile>(s, LedgerClient.Json));
            if (read.Summary is not { PayloadType: { } type, Payload: { } payload, Signatures: { Count: > 0 } signatures })
                throw new CliException(ExitCodes.Usage, $"{parse.GetValue(file)}: not a DSSE envelope: it needs payloadType, payload and signatures.");
            var changeId = parse.GetValue(change)!;
            var request = new AttestationEnvelopeRequest(type, payload, signatures, parse.GetValue(name),
                parse.GetValue(url) ?? Validate.DefaultRunUrl(common.Host.Environment),
                common.NewEventId(parse, eventId, "attest", perAttempt: true, changeId, "envelope", parse.GetValue(name), read.ContentDigest[7..23]));
            var answer = await client.Post(Common.Path(changeId, "/attestations"), request, ct);
            return await common.Report(answer, json, () => $"attested the signed statement of {parse.GetValue(file)} for {changeId}");
        }));
        return command;
    }

    private sealed record DsseEnvelopeFile(string? PayloadType, string? Payload, IReadOnlyList<ChangeLedger.Contracts.Integrity.DsseSignature>? Signatures);

    private static async Task<int> Send(Common common, LedgerClient client, bool json, ParseResult parse, Binding b, AttestationType kind, string digest,
        Func<RecordAttestationRequest, RecordAttestationRequest> withSummary, string says, CancellationToken ct)
    {
        var artifact = parse.GetValue(b.Artifact);
        var commit = parse.GetValue(b.Commit) ?? (artifact is null ? await Git.Head(ct) : null);
        var changeId = parse.GetValue(b.Change)!;
        var name = parse.GetValue(b.Name);
        var request = withSummary(new RecordAttestationRequest(kind, digest, parse.GetValue(b.AttestedBy) ?? Validate.DefaultRunner(common.Host.Environment),
            commit, artifact, name, parse.GetValue(b.ReportUrl) ?? Validate.DefaultRunUrl(common.Host.Environment), Criteria: Common.CriteriaOf(parse, b.Criteria)));
        request = request with
        {
            EventId = common.NewEventId(parse, b.EventId, "attest", perAttempt: true, changeId, kind.ToString(), name, commit ?? artifact, digest[7..23]),
        };
        var answer = await client.Post(Common.Path(changeId, "/attestations"), request, ct);
        var kindText = JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());
        return await common.Report(answer, json, () => $"attested {kindText}{(name is null ? "" : " " + name)} ({says}) on {commit ?? artifact} for {changeId}");
    }
}
