using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/attestations — typed evidence about a commit or an artifact, summarised from a file.</summary>
public sealed record RecordAttestation(string ChangeId, AttestationType Type, string? Name, string? Commit, string? ArtifactDigest, string ContentDigest,
    string AttestedBy, string? Url, TestReportSummary? TestReport, StaticAnalysisSummary? StaticAnalysis, SbomSummary? Sbom, CoverageSummary? Coverage,
    SecurityScanSummary? SecurityScan, JsonElement? Custom) : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<RecordAttestationRequest>("attestation_recorded", "record-attestation", Permissions.Propose,
        AttestationRules.Validate,
        (id, _, r) => new RecordAttestation(id, r.Kind!.Value, r.Name, r.Commit, r.ArtifactDigest, r.ContentDigest!, r.AttestedBy!, r.Url,
            r.TestReport, r.StaticAnalysis, r.Sbom, r.Coverage, r.SecurityScan, r.Custom));

    public override WriteKind Kind => Spec;

    public static Decision Decide(Change? change, RecordAttestation c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanRecordValidation, "it accepts no further evidence") is { } refused) return refused;
        return Decision.Of(new AttestationRecorded(c.ChangeId, c.Type, c.Name, c.Commit, c.ArtifactDigest, c.ContentDigest, c.AttestedBy, c.Url,
            c.TestReport, c.StaticAnalysis, c.Sbom, c.Coverage, c.SecurityScan, c.Custom, c.At(now)));
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/attestations", (string changeId, RecordAttestationRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("RecordAttestation", "Attest a test report, static analysis, SBOM, coverage, security scan or custom evidence (AttestationRecorded)", Permissions.Propose);
}
