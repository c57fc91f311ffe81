using System.Text.Json;
using ChangeLedger.Contracts.Integrity;
using Marten;

namespace ChangeLedger.Integrity;

/// <summary>A checkpoint was taken: the signed Merkle root over every stream's head up to a global sequence.</summary>
public sealed record CheckpointRecorded(long Sequence, long Streams, string MerkleRoot, string KeyId, string Signature, string RecordedBy, DateTimeOffset OccurredAt)
    : ILedgerEvent
{
    [System.Text.Json.Serialization.JsonIgnore] public string Actor => RecordedBy;

    public Checkpoint ToContract() => new(Sequence, Streams, MerkleRoot, OccurredAt, KeyId, Signature);
}

/// <summary>
/// Checkpoints of the first kind, over every stream's head (stream id order) up to a sequence. No longer taken (that
/// tree could not prove the ledger only grew: see LogCheckpoints), but those recorded still load, and verification
/// still checks the latest against the streams as of its sequence.
/// </summary>
public static class Checkpoints
{
    public const string StreamId = "~integrity:checkpoints";
    public static readonly JsonSerializerOptions StatementJson = new(JsonSerializerDefaults.Web);

    public static async Task<CheckpointRecorded?> Latest(IQuerySession session, CancellationToken ct, long? covering = null)
    {
        // An export ties to the first checkpoint that covers its last event: that choice does not change later.
        var all = session.Events.QueryRawEventDataOnly<CheckpointRecorded>();
        return covering is { } sequence
            ? await all.Where(c => c.Sequence >= sequence).OrderBy(c => c.Sequence).FirstOrDefaultAsync(ct)
            : await all.OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
    }
}
