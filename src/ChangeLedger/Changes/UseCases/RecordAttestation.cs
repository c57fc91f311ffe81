using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/attestations — typed evidence about a commit or an artifact, summarised from a file.</summary>
public sealed record RecordAttestation(string ChangeId, AttestationType Type, string? Name, string? Commit, string? ArtifactDigest, string ContentDigest,
    string AttestedBy, string? Url, TestReportSummary? TestReport, StaticAnalysisSummary? StaticAnalysis, SbomSummary? Sbom, CoverageSummary? Coverage,
    SecurityScanSummary? SecurityScan, JsonElement? Custom, IReadOnlyList<string>? Criteria = null, ValidationFirstSummary? ValidationFirst = null) : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<RecordAttestationRequest>("attestation_recorded", "record-attestation", Permissions.Propose,
        AttestationRules.Validate,
        (id, _, r) => new RecordAttestation(id, r.Kind!.Value, r.Name, r.Commit, r.ArtifactDigest, r.ContentDigest!, r.AttestedBy!, r.Url,
            r.TestReport, r.StaticAnalysis, r.Sbom, r.Coverage, r.SecurityScan, r.Custom, r.Criteria, r.ValidationFirst));

    public override WriteKind Kind => Spec;

    public static Decision Decide(Change? change, RecordAttestation c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanRecordValidation, "it accepts no further evidence") is { } refused) return refused;
        if (AcceptanceCriteria.Unclaimable(change!, c.Criteria) is { } unknown) return unknown;
        return Decision.Of(new AttestationRecorded(c.ChangeId, c.Type, c.Name, c.Commit, c.ArtifactDigest, c.ContentDigest, c.AttestedBy, c.Url,
            c.TestReport, c.StaticAnalysis, c.Sbom, c.Coverage, c.SecurityScan, c.Custom, c.At(now), Criteria: c.Criteria is { Count: > 0 } ? c.Criteria : null, ValidationFirst: c.ValidationFirst));
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    /// <summary>
    /// One route, two bodies: a summary (RecordAttestationRequest), or a DSSE envelope, sent as
    /// application/vnd.dsse.envelope.v1+json or as JSON with a payloadType. Both go the one write path.
    /// </summary>
    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/attestations", async (string changeId, HttpRequest request, ChangeWrites writes,
                Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (!request.HasJsonContentType()) throw new BadHttpRequestException("Send the body as application/json.", StatusCodes.Status415UnsupportedMediaType);
                try
                {
                    var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, json.Value.SerializerOptions, ct);
                    var envelope = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("payloadType", out _)
                        || request.ContentType?.StartsWith(RecordSignedAttestation.MediaType, StringComparison.OrdinalIgnoreCase) == true;
                    IWriteRequest? parsed = envelope
                        ? body.Deserialize<AttestationEnvelopeRequest>(json.Value.SerializerOptions)
                        : body.Deserialize<RecordAttestationRequest>(json.Value.SerializerOptions);
                    if (parsed is null) throw new JsonException("The JSON value could not be converted to the request.");
                    return await writes.One(envelope ? RecordSignedAttestation.Spec : Spec, changeId, parsed, user, ct);
                }
                catch (JsonException malformed)
                {
                    throw new BadHttpRequestException("The request body is not valid JSON for this endpoint.", StatusCodes.Status400BadRequest, malformed);
                }
            })
            .Accepts<RecordAttestationRequest>("application/json", RecordSignedAttestation.MediaType)
            .Describe("RecordAttestation", "Attest a test report, static analysis, SBOM, coverage, security scan, validation-first proof or custom evidence, as a summary or a signed in-toto statement (AttestationRecorded)", Permissions.Propose)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
