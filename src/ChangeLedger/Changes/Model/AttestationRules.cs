using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Changes;

/// <summary>
/// What makes an attestation well-formed: a digest of the file, a commit or an artifact to bind to, and exactly the
/// summary its type names, complete. Counts are whole and not negative; a custom summary is an object the hash chain
/// can canonicalise (RFC 8785), so nothing reaches an event that could not be sealed.
/// </summary>
public static partial class AttestationRules
{
    public const int MaxCustomBytes = 16 * 1024;

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();

    public static Validation Validate(RecordAttestationRequest r)
    {
        var v = Validation.ForWrite(r)
            .Required("kind", r.Kind)
            .Required("contentDigest", r.ContentDigest, 100)
            .Rule(r.ContentDigest is null || Digest().IsMatch(r.ContentDigest), "contentDigest", "'contentDigest' is sha256: and 64 lower-case hex digits.")
            .Required("attestedBy", r.AttestedBy)
            .Optional("commit", r.Commit, Validation.Commit)
            .Optional("artifactDigest", r.ArtifactDigest, 100)
            .Rule(r.ArtifactDigest is null || Digest().IsMatch(r.ArtifactDigest), "artifactDigest", "'artifactDigest' is sha256: and 64 lower-case hex digits.")
            // Named after neither member, so the published schema calls neither required: either one will do.
            .Rule(!string.IsNullOrWhiteSpace(r.Commit) || r.ArtifactDigest is not null, "commitOrArtifactDigest", "An attestation binds to a 'commit', an 'artifactDigest' or both.")
            .Optional("name", r.Name)
            .Rule(r.Kind != AttestationType.Custom || !string.IsNullOrWhiteSpace(r.Name), "name", "A custom attestation names its type in 'name'.")
            .Optional("url", r.Url, Validation.Url);
        var given = new (AttestationType Type, string Member, bool Present)[]
        {
            (AttestationType.TestReport, "testReport", r.TestReport is not null),
            (AttestationType.StaticAnalysis, "staticAnalysis", r.StaticAnalysis is not null),
            (AttestationType.Sbom, "sbom", r.Sbom is not null),
            (AttestationType.Coverage, "coverage", r.Coverage is not null),
            (AttestationType.SecurityScan, "securityScan", r.SecurityScan is not null),
            (AttestationType.Custom, "custom", r.Custom is { ValueKind: not JsonValueKind.Null }),
            (AttestationType.ValidationFirst, "validationFirst", r.ValidationFirst is not null),
        };
        // A missing summary is a fault of the kind, not of the member (which other kinds leave out).
        var type = r.Kind;
        foreach (var (t, member, present) in type is null ? [] : given)
        {
            if (t == type && !present) v.Add("kind", $"A {Wire.Snake(t)} attestation carries its summary in '{member}'.");
            if (t != type && present) v.Add(member, $"'{member}' belongs to a {Wire.Snake(t)} attestation, not to a {Wire.Snake(type!.Value)} one.");
        }

        if (r.TestReport is { } tests)
            Counts(v, "testReport", ("tests", tests.Tests, true), ("failures", tests.Failures, true), ("errors", tests.Errors, true), ("skipped", tests.Skipped, false))
                .Optional("testReport.format", tests.Format)
                .Rule(tests.Tests is null || (tests.Failures ?? 0) + (tests.Errors ?? 0) + (tests.Skipped ?? 0) <= tests.Tests, "testReport",
                    "'failures', 'errors' and 'skipped' together are at most 'tests'.");
        if (r.StaticAnalysis is { } sarif)
            Rules(Counts(v, "staticAnalysis", ("errors", sarif.Errors, true), ("warnings", sarif.Warnings, true), ("notes", sarif.Notes, true), ("none", sarif.None, false)),
                    "staticAnalysis", sarif.Rules)
                .Required("staticAnalysis.tool", sarif.Tool, Validation.Text).Optional("staticAnalysis.format", sarif.Format);
        if (r.Sbom is { } sbom)
            Counts(v, "sbom", ("components", sbom.Components, true))
                .Required("sbom.format", sbom.Format).Optional("sbom.specVersion", sbom.SpecVersion).Optional("sbom.subject", sbom.Subject, Validation.Text);
        if (r.Coverage is { } coverage)
            v.Required("coverage.percent", coverage.Percent)
                .Rule(coverage.Percent is null or (>= 0 and <= 100), "coverage.percent", "'coverage.percent' is between 0 and 100.")
                .Rule(coverage.LinesCovered is null or >= 0 && coverage.LinesValid is null or >= 0 && !(coverage.LinesCovered > coverage.LinesValid),
                    "coverage.linesCovered", "'linesCovered' and 'linesValid' are not negative, and covered lines are at most the valid ones.")
                .Optional("coverage.format", coverage.Format);
        if (r.SecurityScan is { } scan)
            Rules(Counts(v, "securityScan", ("critical", scan.Critical, true), ("high", scan.High, true), ("medium", scan.Medium, true), ("low", scan.Low, true)),
                    "securityScan", scan.Rules)
                .Required("securityScan.tool", scan.Tool, Validation.Text).Optional("securityScan.format", scan.Format);
        if (r.Custom is { ValueKind: not JsonValueKind.Null } custom)
        {
            if (custom.ValueKind != JsonValueKind.Object) v.Add("custom", "'custom' is a JSON object.");
            else if (CanonicalJson.FindUncanonical(custom) is { } path)
                v.Add("custom", $"'custom' has a number at {path} beyond the range of a double; RFC 8785 cannot hash it. Send it as a string.");
            else if (CanonicalJson.Encode(custom).Length is var size and > MaxCustomBytes)
                v.Add("custom", $"'custom' is at most {MaxCustomBytes} bytes as canonical JSON; it is {size}.");
        }
        if (r.ValidationFirst is { } first) ValidationFirst(v, first, r.Commit);
        return v;
    }

    /// <summary>
    /// Two runs of one command: the base (with the head's test files) and the head, which is the attestation's commit.
    /// Outcomes are recorded as they were; whether they prove red before green is the rule's to say (Release/Rules).
    /// </summary>
    private static void ValidationFirst(Validation v, ValidationFirstSummary first, string? commit)
    {
        foreach (var (name, run) in new[] { ("base", first.Base), ("head", first.Head) })
        {
            var field = $"validationFirst.{name}";
            if (run is null) { v.Add(field, $"'{field}' is required: the run on the {name} commit."); continue; }
            v.Required($"{field}.commit", run.Commit, Validation.Commit).Required($"{field}.outcome", run.Outcome)
                .Rule(run.Outcome is null or ValidationOutcome.Passed or ValidationOutcome.Failed, $"{field}.outcome", $"'{field}.outcome' is passed or failed.");
            if (run.Tests is { } tests)
                Counts(v, $"{field}.tests", ("tests", tests.Tests, true), ("failures", tests.Failures, true), ("errors", tests.Errors, true), ("skipped", tests.Skipped, false))
                    .Optional($"{field}.tests.format", tests.Format);
        }
        v.Rule(!string.IsNullOrWhiteSpace(commit), "commit", "A validation_first attestation is about a 'commit': the head its runs proved.")
            .Rule(first.Head?.Commit is null || commit is null || first.Head.Commit == commit, "validationFirst.head.commit",
                "'validationFirst.head.commit' is the attestation's 'commit': the proof is about the commit it is attested on.")
            .Rule(first.Base?.Commit is null || first.Base.Commit != first.Head?.Commit, "validationFirst.base.commit",
                "'validationFirst.base.commit' differs from the head's: running a commit's own tests on itself proves nothing.")
            .Rule(first.TestFiles is { Count: > 0 }, "validationFirst.testFiles", "'validationFirst.testFiles' names at least one test file laid over the base.")
            .Rule(first.TestFiles is null || first.TestFiles.Count <= Validation.ListItems, "validationFirst.testFiles",
                $"'validationFirst.testFiles' has at most {Validation.ListItems} entries; it has {first.TestFiles?.Count}.")
            .Optional("validationFirst.command", first.Command, Validation.Text)
            .List("validationFirst.testCases", first.TestCases);
        for (var i = 0; i < (first.TestFiles?.Count ?? 0) && i < Validation.ListItems; i++)
        {
            var file = first.TestFiles![i];
            v.Required($"validationFirst.testFiles[{i}].path", file?.Path, Validation.Text)
                .Required($"validationFirst.testFiles[{i}].digest", file?.Digest, 100)
                .Rule(file?.Digest is null || Digest().IsMatch(file.Digest), $"validationFirst.testFiles[{i}].digest", "A test file's digest is sha256: and 64 lower-case hex digits.");
        }
    }

    private static Validation Counts(Validation v, string summary, params (string Name, long? Value, bool Required)[] counts)
    {
        foreach (var (name, value, required) in counts)
        {
            if (required) v.Required($"{summary}.{name}", value);
            v.Rule(value is null or >= 0, $"{summary}.{name}", $"'{summary}.{name}' is not negative.");
        }
        return v;
    }

    private static Validation Rules(Validation v, string summary, IReadOnlyList<RuleFindings>? rules)
    {
        if (rules is null) return v;
        v.Rule(rules.Count <= Validation.ListItems, $"{summary}.rules", $"'{summary}.rules' has at most {Validation.ListItems} entries; it has {rules.Count}.");
        for (var i = 0; i < rules.Count && i < Validation.ListItems; i++)
            v.Required($"{summary}.rules[{i}].ruleId", rules[i].RuleId, Validation.Text).Required($"{summary}.rules[{i}].level", rules[i].Level)
                .Required($"{summary}.rules[{i}].count", rules[i].Count)
                .Rule(rules[i].Count is null or >= 0, $"{summary}.rules[{i}].count", "A count is not negative.");
        return v;
    }
}
