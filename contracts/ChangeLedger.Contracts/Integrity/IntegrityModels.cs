using System.Text.Json.Serialization;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>The last event of one stream: what a checkpoint's Merkle tree and an export's manifest pin down.</summary>
public sealed record ChainHeadEntry(string StreamId, long Version, string Hash);

/// <summary>A signed statement about every stream up to a global sequence. Signature covers the canonical JSON of the other members.</summary>
public sealed record Checkpoint(
    long Sequence,
    long Streams,
    string MerkleRoot,
    DateTimeOffset CreatedAt,
    string KeyId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signature = null);

/// <summary>One break in a chain. Kinds: changed, deleted, inserted_or_reordered, truncated, missing_stream, unchained, checkpoint.</summary>
public sealed record ChainBreak(string StreamId, long Version, string Kind, string Detail);

public sealed record CheckpointCheck(long Sequence, string SignedRoot, string RecomputedRoot, long SignedStreams, long RecomputedStreams, bool SignatureValid);

public sealed record VerificationReport(bool Intact, string Scope, long Streams, long Events, IReadOnlyList<ChainBreak> Breaks, CheckpointCheck? Checkpoint);

/// <summary>
/// The trail export's manifest: the plain manifest, plus the last hash of every stream in the file, the checkpoint
/// the export ties to, and an ECDSA P-256 signature over the canonical JSON of all other members.
/// </summary>
public sealed record TrailManifest(
    string Type,
    string Export,
    ExportQuery Query,
    long Rows,
    string Sha256,
    IReadOnlyList<ChainHeadEntry> ChainHeads,
    Checkpoint? Checkpoint,
    string KeyId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signature = null);
