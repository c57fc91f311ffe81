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

/// <summary>
/// The latest checkpoint of the append-only log recomputed from the rows: its signed size and root against the events at
/// or below its sequence, hashed again in sequence order.
/// </summary>
public sealed record LogCheck(long TreeSize, string SignedRoot, long RecomputedSize, string RecomputedRoot, bool SignatureValid);

/// <summary>The newest checkpoint a witness holds outside the database, compared with the ledger's log as it is now.</summary>
public sealed record WitnessCheck(string Witness, long TreeSize, string SignedRoot, long LedgerSize, string LedgerRoot, bool Consistent);

public sealed record VerificationReport(
    bool Intact,
    string Scope,
    long Streams,
    long Events,
    IReadOnlyList<ChainBreak> Breaks,
    CheckpointCheck? Checkpoint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LogCheck? Log = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WitnessCheck? Witness = null);

/// <summary>A key the ledger signs or signed with, and when: from (null: since the ledger began) until (null: still signing).</summary>
public sealed record PublishedKey(string KeyId, string Algorithm, string PublicKeyPem, DateTimeOffset? From, DateTimeOffset? Until, bool Current, string NoteKeyHash);

public sealed record KeyList(IReadOnlyList<PublishedKey> Keys);

/// <summary>
/// A checkpoint of the append-only log: every event at or below Sequence, in sequence order, as a RFC 6962 tree of
/// TreeSize leaves with root RootHash (hex), signed as a C2SP checkpoint note.
/// </summary>
public sealed record LogCheckpoint(long TreeSize, string RootHash, long Sequence, DateTimeOffset CreatedAt, string KeyId, string Note);

/// <summary>Proof that the event at Sequence is leaf LeafIndex of the tree of TreeSize leaves the checkpoint signs (hashes in hex, bottom up).</summary>
public sealed record InclusionProof(long Sequence, string StreamId, long Version, long LeafIndex, long TreeSize, string LeafHash, IReadOnlyList<string> AuditPath, string Checkpoint);

/// <summary>Proof that the tree of To leaves extends the tree of From leaves (RFC 6962 §2.1.2, hashes in hex).</summary>
public sealed record ConsistencyProof(long From, long To, string FromRoot, string ToRoot, IReadOnlyList<string> Proof, string? FromCheckpoint, string ToCheckpoint);

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signature = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CheckpointNote = null)
{
    /// <summary>The DSSE payload type of a trail manifest: the manifest's JSON, without a signature member.</summary>
    public const string PayloadType = "application/vnd.changeledger.trail-manifest+json";
}
