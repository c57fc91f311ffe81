using System.Text.Json;

namespace ChangeLedger.Contracts;

// Attestations: typed evidence summarised from a file (a JUnit report, a SARIF log, an SBOM, a coverage report) that
// the ledger never sees; it keeps the summary and the file's digest. The same records are the request's summaries,
// the event's and the evidence view's.

/// <summary>A test report (JUnit XML): how many test cases ran and how they ended.</summary>
/// <param name="Tests">Test cases run.</param>
/// <param name="Failures">Test cases that failed an assertion.</param>
/// <param name="Errors">Test cases that ended in an unexpected error.</param>
/// <param name="Skipped">Test cases skipped.</param>
/// <param name="Format">The file's format, e.g. junit.</param>
public sealed record TestReportSummary(int? Tests, int? Failures, int? Errors, int? Skipped = null, string? Format = null);

/// <summary>Findings of one rule at one level.</summary>
/// <param name="RuleId">The rule's id, e.g. CA2100.</param>
/// <param name="Level">The SARIF level (error, warning, note, none) or, for a security scan, the severity.</param>
/// <param name="Count">How many findings.</param>
public sealed record RuleFindings(string? RuleId, string? Level, int? Count);

/// <summary>A static analysis (SARIF 2.1.0): findings per level and per rule.</summary>
/// <param name="Tool">The analyser (the SARIF run's tool.driver.name; several runs are joined with ", ").</param>
/// <param name="Errors">Findings at level error.</param>
/// <param name="Warnings">Findings at level warning.</param>
/// <param name="Notes">Findings at level note.</param>
/// <param name="None">Findings at level none.</param>
/// <param name="Rules">Findings per rule and level, most first, at most 100 entries.</param>
/// <param name="Format">The file's format, e.g. sarif-2.1.0.</param>
public sealed record StaticAnalysisSummary(string? Tool, int? Errors, int? Warnings, int? Notes, int? None = null,
    IReadOnlyList<RuleFindings>? Rules = null, string? Format = null);

/// <summary>A software bill of materials (CycloneDX or SPDX JSON).</summary>
/// <param name="Format">cyclonedx or spdx.</param>
/// <param name="SpecVersion">The format's version, e.g. 1.5 or SPDX-2.3.</param>
/// <param name="Components">Components (CycloneDX, nested ones included) or packages (SPDX) listed.</param>
/// <param name="Subject">What the SBOM describes (CycloneDX metadata.component, SPDX document name).</param>
public sealed record SbomSummary(string? Format, string? SpecVersion, int? Components, string? Subject = null);

/// <summary>Test coverage.</summary>
/// <param name="Percent">Line coverage in percent, 0 to 100.</param>
/// <param name="LinesCovered">Lines covered, when the report says.</param>
/// <param name="LinesValid">Lines that could be covered, when the report says.</param>
/// <param name="Format">The file's format, e.g. cobertura; absent when only a percent was given.</param>
public sealed record CoverageSummary(double? Percent, long? LinesCovered = null, long? LinesValid = null, string? Format = null);

/// <summary>A security scan: findings per severity.</summary>
/// <param name="Tool">The scanner.</param>
/// <param name="Critical">Critical findings.</param>
/// <param name="High">High findings.</param>
/// <param name="Medium">Medium findings.</param>
/// <param name="Low">Low findings.</param>
/// <param name="Rules">Findings per rule and severity, most first, at most 100 entries.</param>
/// <param name="Format">The file's format, e.g. sarif-2.1.0.</param>
public sealed record SecurityScanSummary(string? Tool, int? Critical, int? High, int? Medium, int? Low,
    IReadOnlyList<RuleFindings>? Rules = null, string? Format = null);

/// <summary>One run of a validation-first proof: the commit it ran on and how it ended.</summary>
/// <param name="Commit">The commit whose code ran (the base: with the head's test files laid over it).</param>
/// <param name="Outcome">passed (exit code 0) or failed.</param>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="Tests">The run's JUnit report, counted, when one was given.</param>
public sealed record ValidationFirstRun(string? Commit, ValidationOutcome? Outcome, int? ExitCode = null, TestReportSummary? Tests = null);

/// <summary>A test file the proof laid over the base, as it is at the head.</summary>
/// <param name="Path">The path in the repository.</param>
/// <param name="Digest">The file's SHA-256 at the head, sha256:&lt;64 hex digits&gt;.</param>
public sealed record TestFileDigest(string? Path, string? Digest);

/// <summary>
/// Red before green: the head's test files, laid over the base commit, failed there and pass on the head. It shows the
/// tests exercise something the change brought; it does not show why the base run failed (docs/policy.md).
/// </summary>
/// <param name="Base">The run on the base commit with the head's test files; red is failed.</param>
/// <param name="Head">The run on the head commit (the attestation's commit); green is passed.</param>
/// <param name="TestFiles">The test files laid over the base, 1 to 100.</param>
/// <param name="Command">The command both runs ran.</param>
/// <param name="TestCases">Test cases that failed on the base and passed on the head, from the two JUnit reports; absent without them.</param>
public sealed record ValidationFirstSummary(ValidationFirstRun? Base, ValidationFirstRun? Head, IReadOnlyList<TestFileDigest>? TestFiles,
    string? Command = null, IReadOnlyList<string>? TestCases = null);

/// <summary>Typed evidence about a commit or an artifact of the change, summarised from a file the ledger never receives.</summary>
/// <param name="Kind">What it proves; the summary member of the same name is required, the others must be absent.</param>
/// <param name="ContentDigest">The digest of the original file, sha256:&lt;64 hex digits&gt;, so the file can be shown to be the one summarised.</param>
/// <param name="AttestedBy">Who or what attests it, e.g. github-actions.</param>
/// <param name="Commit">The commit it is about; only attestations on the head commit count towards release. Commit, artifactDigest or both.</param>
/// <param name="ArtifactDigest">The artifact it is about, sha256:&lt;64 hex digits&gt;.</param>
/// <param name="Name">A name to tell attestations of one type apart (unit-tests, integration-tests); required for custom, where it is the custom type.</param>
/// <param name="Url">Where the original file can be read.</param>
/// <param name="TestReport">The summary of a test_report.</param>
/// <param name="StaticAnalysis">The summary of a static_analysis.</param>
/// <param name="Sbom">The summary of an sbom.</param>
/// <param name="Coverage">The summary of a coverage.</param>
/// <param name="SecurityScan">The summary of a security_scan.</param>
/// <param name="Custom">The summary of a custom attestation: any JSON object, up to 16 KB, numbers within the range of a double.</param>
/// <param name="ValidationFirst">The summary of a validation_first attestation (its contentDigest is of the test files' digests, see docs/ci.md).</param>
/// <param name="EventId">Idempotency key: the same id and body again answers the first write's result (replayed: true).</param>
/// <param name="ExpectedVersion">The stream version this write expects; otherwise 409.</param>
/// <param name="OccurredAt">When it happened, if earlier than now; the ledger also records when it learnt of it.</param>
/// <param name="Criteria">Ids of the change's acceptance criteria this attestation proves when it passes (a test report: no failures or errors).</param>
public sealed record RecordAttestationRequest(
    AttestationType? Kind,
    string? ContentDigest,
    string? AttestedBy,
    string? Commit = null,
    string? ArtifactDigest = null,
    string? Name = null,
    string? Url = null,
    TestReportSummary? TestReport = null,
    StaticAnalysisSummary? StaticAnalysis = null,
    SbomSummary? Sbom = null,
    CoverageSummary? Coverage = null,
    SecurityScanSummary? SecurityScan = null,
    JsonElement? Custom = null,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Criteria = null,
    // Left out when absent, so a retry of a request made before the member existed hashes (and replays) as it did.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] ValidationFirstSummary? ValidationFirst = null) : IWriteRequest;

/// <summary>
/// A DSSE envelope (payload type application/vnd.in-toto+json) of an in-toto Statement v1, signed by a registered
/// signer; sent as application/vnd.dsse.envelope.v1+json, or as application/json with these members. The ledger
/// verifies the signature, binds the attestation to the change's head commit named among the statement's subjects,
/// and summarises the predicate (SLSA provenance, in-toto test result, SARIF, CycloneDX, SPDX) as the kind it maps to.
/// </summary>
/// <param name="PayloadType">application/vnd.in-toto+json.</param>
/// <param name="Payload">The statement, base64.</param>
/// <param name="Signatures">Signatures over PAE(payloadType, payload); at least one by a registered signer.</param>
/// <param name="Name">A name to tell attestations of one kind apart (unit-tests, integration-tests).</param>
/// <param name="Url">Where the original envelope or report can be read.</param>
/// <param name="EventId">Idempotency key: the same id and body again answers the first write's result (replayed: true).</param>
/// <param name="ExpectedVersion">The stream version this write expects; otherwise 409.</param>
/// <param name="OccurredAt">When it happened, if earlier than now; the ledger also records when it learnt of it.</param>
public sealed record AttestationEnvelopeRequest(
    string? PayloadType,
    string? Payload,
    IReadOnlyList<Integrity.DsseSignature>? Signatures,
    string? Name = null,
    string? Url = null,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

/// <summary>One attestation as the evidence view shows it. Stale: made on a commit that is no longer the head. SignedBy: the registered signer whose DSSE signature the ledger verified.</summary>
public sealed record AttestationRecord(
    AttestationType Kind,
    string? Name,
    string? Commit,
    string? ArtifactDigest,
    string ContentDigest,
    string AttestedBy,
    string? Url,
    TestReportSummary? TestReport,
    StaticAnalysisSummary? StaticAnalysis,
    SbomSummary? Sbom,
    CoverageSummary? Coverage,
    SecurityScanSummary? SecurityScan,
    JsonElement? Custom,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    long Version,
    bool Stale,
    string? SignedBy = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Criteria = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] ValidationFirstSummary? ValidationFirst = null);

/// <summary>Release rules over attestations on the head commit; each is off unless set.</summary>
/// <param name="TestsPass">Every test report on the head (the latest of each name) has zero failures and zero errors, and there is at least one.</param>
/// <param name="NoErrorFindings">Every static analysis on the head (the latest of each name) has no error-level finding, and there is at least one.</param>
/// <param name="SbomAttached">An SBOM is attested on the head.</param>
/// <param name="MinCoverage">The latest coverage on the head is at least this percent.</param>
public sealed record AttestationPolicy(bool TestsPass = false, bool NoErrorFindings = false, bool SbomAttached = false, double? MinCoverage = null);
