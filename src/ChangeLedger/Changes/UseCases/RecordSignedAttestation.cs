using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Changes;

/// <summary>
/// POST /v1/changes/{id}/attestations with a DSSE envelope of an in-toto Statement: the attestation its predicate maps
/// to, recorded only when a signature verifies with a registered signer that is not revoked and may sign for the
/// change's repository, and when the statement names the change's head commit. The verified signer is recorded.
/// </summary>
public sealed record RecordSignedAttestation(string ChangeId, InTotoStatement Statement, string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures)
    : ChangeCommand(ChangeId)
{
    public const string MediaType = "application/vnd.dsse.envelope.v1+json";

    public static readonly WriteKind Spec = new("signed_attestation", "record-signed-attestation", Permissions.Propose,
        RequestRules.For<AttestationEnvelopeRequest>(Validate), (changeId, _, request) =>
        {
            var body = (AttestationEnvelopeRequest)request;
            if (Ledger.ChangeId.Check(changeId) is not null) return (null, Ledger.ChangeId.InvalidProblem(changeId));
            if (Validate(body) is { IsValid: false } invalid) return (null, invalid.ToProblem());
            var payload = Convert.FromBase64String(body.Payload!);
            var (statement, problem) = InTotoStatement.Read(payload, body.Name, body.Url);
            if (problem is not null) return (null, problem);
            // Checked as it will be recorded (Decide puts the head commit, which the statement must name, in place of the first).
            var recorded = statement!.Attestation with { Commit = statement.Commits.FirstOrDefault() ?? "-", ArtifactDigest = statement.Artifacts is [var only] ? only : null };
            if (AttestationRules.Validate(recorded) is { IsValid: false } unsummarised)
                return (null, InTotoStatement.Unsupported("The statement does not make a complete attestation (its predicate or its subjects); see errors.", unsummarised.ToProblem().Errors));
            var command = new RecordSignedAttestation(changeId, statement, body.PayloadType!, payload, body.Signatures!);
            return (command with { Write = new WriteOptions(body.EventId, body.ExpectedVersion, body.OccurredAt, Receipts.ContentHash(command.Operation, changeId, body)) }, null);
        }, Reads.Signers);

    public override WriteKind Kind => Spec;

    public static Validation Validate(AttestationEnvelopeRequest r) =>
        Validation.ForWrite(r)
            .Required("payloadType", r.PayloadType)
            .Rule(r.PayloadType is null || r.PayloadType == InTotoStatement.PayloadType, "payloadType", $"'payloadType' is {InTotoStatement.PayloadType}: the ledger reads in-toto Statements.")
            .Required("payload", r.Payload, 768 * 1024)
            .Rule(r.Payload is null || Convert.TryFromBase64String(r.Payload, new byte[r.Payload.Length], out _), "payload", "'payload' is standard base64.")
            .Rule(r.Signatures is { Count: > 0 and <= 10 }, "signatures", "'signatures' holds 1 to 10 signatures, each {\"keyid\": ..., \"sig\": base64}.")
            .Rule((r.Signatures ?? []).All(s => s is { Sig.Length: > 0 } && Convert.TryFromBase64String(s.Sig, new byte[s.Sig.Length], out _)), "signatures", "Each signature's 'sig' is standard base64.")
            .Rule((r.Signatures ?? []).All(s => s?.KeyId is null || s.KeyId.Length <= 128), "signatures", "A signature's 'keyid' has at most 128 characters.")
            .Optional("name", r.Name)
            .Optional("url", r.Url, Validation.Url);

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, inputs.Signers, now);

    /// <summary>Records the statement's attestation when a signature verifies with one of <paramref name="signers"/> (read under the change's lock).</summary>
    public static Decision Decide(Change? change, RecordSignedAttestation c, IReadOnlyList<Signer> signers, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        var (signer, refused) = Verify(c, signers, change!.Repository);
        if (refused is not null) return refused;
        if (!c.Statement.Commits.Contains(change.HeadCommit, StringComparer.Ordinal))
            return SignatureProblem("subject-mismatch", "The statement is not about the change's head commit",
                $"Change '{c.ChangeId}' is at commit {change.HeadCommit}; the statement names [{string.Join(", ", c.Statement.Commits)}]. Name the head commit as a subject with a gitCommit digest"
                + " (SLSA provenance may name it as a resolved dependency). Nothing was stored.");
        var a = c.Statement.Attestation;
        var summary = new RecordAttestation(c.ChangeId, a.Kind!.Value, a.Name, change.HeadCommit, c.Statement.Artifacts is [var only] ? only : null, a.ContentDigest!,
            signer!.KeyId, a.Url, a.TestReport, a.StaticAnalysis, a.Sbom, a.Coverage, a.SecurityScan, a.Custom) { Write = c.Write };
        var decision = RecordAttestation.Decide(change, summary, now);
        return decision.Problem is not null ? decision : Decision.Of([.. decision.Events.OfType<AttestationRecorded>().Select(e => e with { SignedBy = signer.KeyId })]);
    }

    /// <summary>
    /// The first signature that verifies with a trusted signer; otherwise why none does. A signature that names a
    /// registered key and does not verify refuses the envelope outright: it was altered or is not that key's.
    /// </summary>
    public static (Signer? Signer, Problem? Problem) Verify(RecordSignedAttestation c, IReadOnlyList<Signer> signers, string repository)
    {
        var pae = Dsse.Pae(c.PayloadType, c.Payload);
        Signer? trusted = null, revoked = null, elsewhere = null;
        foreach (var signature in c.Signatures)
        {
            var sig = Convert.FromBase64String(signature.Sig);
            var candidates = string.IsNullOrEmpty(signature.KeyId)
                ? signers.Where(s => !s.Revoked && s.SignsFor(repository))
                : signers.Where(s => s.KeyId == signature.KeyId);
            var verified = candidates.FirstOrDefault(s => s.Verifies(pae, sig));
            if (verified is null && !string.IsNullOrEmpty(signature.KeyId) && signers.Any(s => s.KeyId == signature.KeyId))
                return (null, SignatureProblem("bad-signature", "The envelope's signature does not verify",
                    $"The signature by '{signature.KeyId}' does not verify over the envelope's payload: the envelope was altered, or another key signed it. Nothing was stored."));
            if (verified is null) continue;
            if (verified.Revoked) revoked ??= verified;
            else if (!verified.SignsFor(repository)) elsewhere ??= verified;
            else trusted ??= verified;
        }
        if (trusted is not null) return (trusted, null);
        if (revoked is not null)
            return (null, SignatureProblem("revoked-signer", "The envelope's signer is revoked",
                $"Signer '{revoked.KeyId}' was revoked by {revoked.ChangedBy} at {revoked.ChangedAt:O} ({revoked.Reason}). Nothing was stored."));
        if (elsewhere is not null)
            return (null, SignatureProblem("signer-out-of-scope", "The signer may not sign for this repository",
                $"Signer '{elsewhere.KeyId}' signs for [{string.Join(", ", elsewhere.Repositories)}], not for {repository}. Nothing was stored."));
        return (null, SignatureProblem("unknown-signer", "No signature is by a registered signer",
            $"The envelope is signed by [{string.Join(", ", c.Signatures.Select(s => string.IsNullOrEmpty(s.KeyId) ? "(no keyid)" : s.KeyId))}]; none is a signer registered for {repository}"
            + " (PUT /v1/access/signers/{keyId}). Sigstore keyless signatures are not checked. Nothing was stored."));
    }

    /// <summary>The route takes either body: the reference shows both, and the envelope under its own media type.</summary>
    public static async Task DescribeBodies(Microsoft.OpenApi.OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.OperationId != "RecordAttestation" || operation.RequestBody?.Content is not { } content || context.Document is not { } document) return;
        document.AddComponent(nameof(AttestationEnvelopeRequest), await context.GetOrCreateSchemaAsync(typeof(AttestationEnvelopeRequest), null, ct));
        var envelope = new Microsoft.OpenApi.OpenApiSchemaReference(nameof(AttestationEnvelopeRequest), document);
        content[MediaType] = new Microsoft.OpenApi.OpenApiMediaType { Schema = envelope };
        if (content.TryGetValue("application/json", out var json) && json.Schema is { } summary)
            json.Schema = new Microsoft.OpenApi.OpenApiSchema { OneOf = [summary, envelope] };
        operation.Description = "A summary of a report the ledger never sees (RecordAttestationRequest), or a DSSE envelope of a signed in-toto Statement v1 "
            + $"(AttestationEnvelopeRequest: as {MediaType}, or as application/json with a payloadType), verified against the registered signers.";
    }

    private static Problem SignatureProblem(string type, string title, string detail) => new(422, type, title, detail);
}
