using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>A problem found in an exported file, by line number (1-based).</summary>
public sealed record FileBreak(long Line, string Detail);

public sealed record FileReport(bool Intact, long Lines, long Events, IReadOnlyList<FileBreak> Breaks);

/// <summary>
/// Checks an NDJSON trail export offline with nothing but the public key: every row's hash against its content,
/// every row's link to the previous row of its stream, the row count and SHA-256, the chain heads, the signature.
/// Memory grows with the number of streams in the file, not the number of rows.
/// </summary>
public static class TrailFileVerifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<FileReport> Verify(Stream file, ECDsa publicKey, CancellationToken ct = default) => Verify(file, [publicKey], ct);

    /// <summary>
    /// With every key the ledger signed with (GET /v1/integrity/keys), an export made after a rotation verifies even when
    /// its checkpoint was signed by the key before: each signature is checked with the key it names.
    /// </summary>
    public static async Task<FileReport> Verify(Stream file, IReadOnlyList<ECDsa> publicKeys, CancellationToken ct = default)
    {
        var breaks = new List<FileBreak>();
        var last = new Dictionary<string, (long Version, string Hash, long Line)>(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reader = new StreamReader(file, new UTF8Encoding(false, true));
        long lineNo = 0, events = 0;
        TrailManifest? manifest = null;
        JsonElement manifestJson = default;
        DsseEnvelope? envelope = null;

        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNo++;
            if (manifest is not null) { breaks.Add(new(lineNo, "a line after the manifest; the manifest must be the last line")); continue; }
            JsonElement row;
            try { row = JsonDocument.Parse(line).RootElement; }
            catch (JsonException ex) { breaks.Add(new(lineNo, $"not valid JSON: {ex.Message}")); sha.AppendData(Encoding.UTF8.GetBytes(line + "\n")); continue; }

            if (row.TryGetProperty("type", out var type) && type.GetString() == "manifest")
            {
                manifestJson = row;
                manifest = row.Deserialize<TrailManifest>(Json);
                continue;
            }
            if (row.TryGetProperty("payloadType", out _))
            {
                (manifest, manifestJson, envelope) = Unwrap(row, lineNo, breaks);
                if (manifest is not null) continue;
            }
            sha.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
            events++;
            CheckRow(row, lineNo, last, breaks);
        }

        if (manifest is null) breaks.Add(new(lineNo, "no manifest line: the file is truncated or is not a trail export"));
        else CheckManifest(manifest, manifestJson, envelope, lineNo, events, Convert.ToHexStringLower(sha.GetHashAndReset()), last, publicKeys, breaks);
        return new FileReport(breaks.Count == 0, lineNo, events, breaks);
    }

    private static void CheckRow(JsonElement row, long lineNo, Dictionary<string, (long Version, string Hash, long Line)> last, List<FileBreak> breaks)
    {
        string? Str(string name) => row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var stream = Str("streamId");
        var hash = Str("hash");
        if (stream is null || hash is null || !row.TryGetProperty("version", out var versionJson) || !row.TryGetProperty("data", out var data))
        {
            breaks.Add(new(lineNo, "not an event row with streamId, version, hash and data"));
            return;
        }
        var version = versionJson.GetInt64();
        var previous = Str("prevHash");
        var input = new ChainInput(previous, stream, version, Str("eventType") ?? "", Str("occurredAt") ?? "", Str("actor") ?? "", Str("principal"));
        if (!EventHash.Matches(input, data, hash))
            breaks.Add(new(lineNo, $"{stream} v{version}: the content does not match its hash (changed after it was recorded)"));

        if (last.TryGetValue(stream, out var before))
        {
            if (version != before.Version + 1)
                breaks.Add(new(lineNo, $"{stream} v{version}: follows v{before.Version} on line {before.Line}; versions in between are missing or out of order"));
            else if (previous != before.Hash)
                breaks.Add(new(lineNo, $"{stream} v{version}: does not link to v{before.Version} on line {before.Line} (inserted or reordered)"));
        }
        else if (version == 1 && previous is not null)
            breaks.Add(new(lineNo, $"{stream} v1: a first event cannot have a previous hash"));
        last[stream] = (version, hash, lineNo);
    }

    /// <summary>Exports since DSSE end in an envelope whose payload is the manifest; earlier ones in the manifest itself.</summary>
    private static (TrailManifest?, JsonElement, DsseEnvelope?) Unwrap(JsonElement row, long lineNo, List<FileBreak> breaks)
    {
        try
        {
            var envelope = row.Deserialize<DsseEnvelope>(Json);
            if (envelope?.PayloadType != TrailManifest.PayloadType) return (null, default, null);
            var payload = JsonDocument.Parse(envelope.PayloadBytes()).RootElement;
            return (payload.Deserialize<TrailManifest>(Json), payload, envelope);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            breaks.Add(new(lineNo, $"manifest: a DSSE envelope whose payload is not a manifest: {ex.Message}"));
            return (null, default, null);
        }
    }

    private static void CheckManifest(TrailManifest manifest, JsonElement manifestJson, DsseEnvelope? envelope, long lineNo, long events, string sha,
        Dictionary<string, (long Version, string Hash, long Line)> last, IReadOnlyList<ECDsa> keys, List<FileBreak> breaks)
    {
        ECDsa? Named(string? keyId) => keys.FirstOrDefault(k => Signing.KeyId(k) == keyId);
        var key = Named(manifest.KeyId) ?? keys[0];
        // Another export's manifest has no chain heads and no signature: say so instead of failing on the missing parts.
        if (manifest.Export != "trail" || manifest.ChainHeads is null)
        {
            breaks.Add(new(lineNo, $"manifest: this is the manifest of an {manifest.Export ?? "unknown"} export, not of a trail export; only trail exports are signed"));
            return;
        }
        if (manifest.Rows != events) breaks.Add(new(lineNo, $"manifest: {manifest.Rows} rows stated, {events} in the file"));
        if (manifest.Sha256 != sha) breaks.Add(new(lineNo, "manifest: the SHA-256 of the rows differs; a row was changed, added or removed"));
        var heads = manifest.ChainHeads.ToDictionary(h => h.StreamId, StringComparer.Ordinal);
        foreach (var (stream, seen) in last)
        {
            if (!heads.TryGetValue(stream, out var head)) breaks.Add(new(seen.Line, $"{stream}: not among the manifest's chain heads"));
            else if (head.Version != seen.Version || head.Hash != seen.Hash)
                breaks.Add(new(seen.Line, $"{stream}: the file ends at v{seen.Version}, the manifest's chain head is v{head.Version}"));
        }
        foreach (var head in manifest.ChainHeads.Where(h => !last.ContainsKey(h.StreamId)))
            breaks.Add(new(lineNo, $"{head.StreamId}: in the manifest's chain heads but no row of it is in the file"));

        if (manifest.Checkpoint is { Signature: { } checkpointSignature } && manifestJson.TryGetProperty("checkpoint", out var checkpointJson))
        {
            var signed = System.Text.Json.Nodes.JsonNode.Parse(checkpointJson.GetRawText())!.AsObject();
            signed.Remove("signature");
            if (!Signing.Verify(Named(manifest.Checkpoint.KeyId) ?? key, JsonSerializer.SerializeToElement(signed), checkpointSignature))
                breaks.Add(new(lineNo, $"manifest: the checkpoint at sequence {manifest.Checkpoint.Sequence} does not verify with this public key"));
        }
        if (manifest.CheckpointNote is { } text && (SignedNote.Parse(text) is not { } note || !keys.Any(k => SignedNote.Verify(note, note.Origin, k))))
            breaks.Add(new(lineNo, "manifest: the log checkpoint note does not verify with this public key"));
        if (envelope is not null)
        {
            if (!Dsse.Verify(envelope, Named))
                breaks.Add(new(lineNo, $"manifest: the DSSE envelope's signature does not verify with the public key(s) given (key id(s) {string.Join(", ", keys.Select(Signing.KeyId))}, envelope says {string.Join(", ", envelope.Signatures.Select(s => s.KeyId))})"));
            return;
        }
        if (manifest.Signature is null) { breaks.Add(new(lineNo, "manifest: not signed")); return; }
        var statement = System.Text.Json.Nodes.JsonNode.Parse(manifestJson.GetRawText())!.AsObject();
        statement.Remove("signature");
        if (!Signing.Verify(key, JsonSerializer.SerializeToElement(statement), manifest.Signature))
            breaks.Add(new(lineNo, $"manifest: the signature does not verify with this public key (key id {Signing.KeyId(key)}, manifest says {manifest.KeyId})"));
    }
}
