using System.Text.Json;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Hosting;
using Marten;
using Npgsql;

namespace ChangeLedger.Integrity;

/// <summary>A checkpoint was taken: the signed Merkle root over every stream's head up to a global sequence.</summary>
public sealed record CheckpointRecorded(long Sequence, long Streams, string MerkleRoot, string KeyId, string Signature, string RecordedBy, DateTimeOffset OccurredAt)
    : ILedgerEvent
{
    [System.Text.Json.Serialization.JsonIgnore] public string Actor => RecordedBy;

    public Checkpoint ToContract() => new(Sequence, Streams, MerkleRoot, OccurredAt, KeyId, Signature);
}

/// <summary>
/// Takes checkpoints. The heads are read from the events themselves in one statement (one snapshot): for each
/// stream, its last event at or below the highest sequence visible, ordered by stream id as UTF-8 bytes.
/// </summary>
public static class Checkpoints
{
    public const string StreamId = "~integrity:checkpoints";
    public static readonly JsonSerializerOptions StatementJson = new(JsonSerializerDefaults.Web);

    // One statement, so the highest sequence and the heads come from the same snapshot.
    private static readonly string HeadsSql = $"""
        with upto as (select coalesce(max(seq_id), 0) as s from {LedgerStorage.Schema}.mt_events)
        select upto.s, e.stream_id, e.version, e.headers ->> 'hash'
        from upto, {LedgerStorage.Schema}.mt_events e
        join (select t.stream_id, max(t.version) as version from {LedgerStorage.Schema}.mt_events t, upto
              where t.seq_id <= upto.s and not {Tombstones.Genuine("t")} group by t.stream_id) last
          on last.stream_id = e.stream_id and last.version = e.version
        order by e.stream_id collate "C"
        """;

    public static async Task<Checkpoint> Take(IDocumentStore store, SigningKey key, TimeProvider clock, string recordedBy, string principal, CancellationToken ct)
    {
        var tree = new MerkleTree();
        long sequence = 0;
        await using (var query = store.QuerySession())
        {
            var connection = query.Connection!;
            if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
            await using var heads = new NpgsqlCommand(HeadsSql, connection);
            await using var reader = await heads.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                sequence = reader.GetInt64(0);
                tree.Add(reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? "" : reader.GetString(3));
            }
        }

        var unsigned = new Checkpoint(sequence, tree.Leaves, tree.Root(), clock.GetUtcNow(), key.KeyId);
        var signature = Signing.Sign(key.Key, Signing.Statement(unsigned, StatementJson));
        var recorded = new CheckpointRecorded(sequence, tree.Leaves, unsigned.MerkleRoot, key.KeyId, signature, recordedBy, unsigned.CreatedAt);

        await using var session = store.LightweightSession();
        var head = await session.LoadAsync<ChainHead>(StreamId, ct);
        if (head is null) session.Events.StartStream(StreamId, recorded);
        else session.Events.Append(StreamId, head.Version + 1, recorded);
        LedgerSessionListener.ActFor(session, recordedBy, principal);
        await session.SaveChangesAsync(ct);
        return recorded.ToContract();
    }

    public static async Task<CheckpointRecorded?> Latest(IQuerySession session, CancellationToken ct, long? covering = null)
    {
        // An export ties to the first checkpoint that covers its last event: that choice does not change later.
        var all = session.Events.QueryRawEventDataOnly<CheckpointRecorded>();
        return covering is { } sequence
            ? await all.Where(c => c.Sequence >= sequence).OrderBy(c => c.Sequence).FirstOrDefaultAsync(ct)
            : await all.OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
    }
}
