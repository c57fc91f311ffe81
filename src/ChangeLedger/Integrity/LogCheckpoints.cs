using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Hosting;
using Marten;
using Npgsql;

namespace ChangeLedger.Integrity;

/// <summary>
/// A checkpoint of the append-only log was taken: every event at or below Sequence, in sequence order, is a leaf of
/// an RFC 6962 tree of TreeSize leaves whose root (hex) the note signs. The note is kept verbatim, so what a witness
/// received is exactly what the ledger stored. Frontier (hex, largest subtree first; absent from checkpoints taken
/// before it was kept) is the tree's pending subtrees, so the next checkpoint hashes only the events after this one.
/// </summary>
public sealed record LogCheckpointRecorded(long TreeSize, string RootHash, long Sequence, string Note, string KeyId, string RecordedBy, DateTimeOffset OccurredAt,
    IReadOnlyList<string>? Frontier = null)
    : ILedgerEvent
{
    [System.Text.Json.Serialization.JsonIgnore] public string Actor => RecordedBy;

    public LogCheckpoint ToContract() => new(TreeSize, RootHash, Sequence, OccurredAt, KeyId, Note);
}

/// <summary>
/// The log only grows. Marten draws sequence numbers before commit, so a number can commit after a higher one; a
/// checkpoint therefore extends the log only up to its safe mark: the highest sequence below which every number is
/// present (an event, or the tombstone Marten writes for a failed save). A number still missing is an append in
/// flight and stops the mark, unless an event after it was recorded more than Integrity:GapTimeout ago (default one
/// minute): then its transaction died without a tombstone and the number is passed over for good. Each checkpoint
/// thus appends the events committed since the previous one, in sequence order, and no event can later slip below it.
/// </summary>
public static class LogCheckpoints
{
    public const string Lock = "~integrity:log";

    public static Task<LogCheckpointRecorded?> Latest(IQuerySession session, CancellationToken ct) =>
        session.Events.QueryRawEventDataOnly<LogCheckpointRecorded>().OrderByDescending(c => c.Sequence).ThenByDescending(c => c.TreeSize).FirstOrDefaultAsync(ct);

    /// <summary>Serializes checkpoints: two nodes taking one at once queue on this transaction lock instead of racing.</summary>
    public static Task TakeLock(IDocumentSession session, CancellationToken ct) => StreamLocks.Take(session, [Lock], ct);

    /// <summary>Takes the next checkpoint in the session's transaction, which must hold <see cref="TakeLock"/>, and appends it.</summary>
    public static async Task<LogCheckpointRecorded> Take(IDocumentSession session, SigningKey key, DateTimeOffset now, TimeSpan gapTimeout, string recordedBy, string principal, CancellationToken ct)
    {
        var previous = await Latest(session, ct);
        var connection = (NpgsqlConnection)session.Connection!;
        var mark = await SafeMark(connection, previous?.Sequence ?? 0, now - gapTimeout, ct);

        // Go on from the previous checkpoint's frontier when it has one that gives its signed root; otherwise (a
        // checkpoint taken before frontiers were kept) read the whole log once, and keep the frontier from then on.
        var resumed = previous?.Frontier is { } frontier && MerkleTree.Resume(previous.TreeSize, frontier) is { } stored && stored.Root() == previous.RootHash ? stored : null;
        var tree = resumed ?? new MerkleTree();
        await foreach (var (stream, version, hash) in Leaves(connection, resumed is null ? 0 : previous!.Sequence, mark, ct)) tree.Add(stream, version, hash);
        var root = tree.Root();
        // The same note commits to every repository's release log at this mark (an extension line), so one signature ties
        // an audit's release logs to the whole-ledger log and its witnesses.
        var heads = await ReleaseLogHeads.Extend(session, connection, previous, mark, ct);
        var note = SignedNote.Sign(SignedNote.Body(key.Origin, tree.Leaves, Convert.FromHexString(root)) + heads, key.Origin, key.Key);
        var recorded = new LogCheckpointRecorded(tree.Leaves, root, mark, note, key.KeyId, recordedBy, now, tree.Frontier());

        var head = await session.LoadAsync<ChainHead>(Checkpoints.StreamId, ct);
        if (head is null) session.Events.StartStream(Checkpoints.StreamId, recorded);
        else session.Events.Append(Checkpoints.StreamId, head.Version + 1, recorded);
        LedgerSessionListener.ActFor(session, recordedBy, principal);
        return recorded;
    }

    private static async Task<long> SafeMark(NpgsqlConnection connection, long from, DateTimeOffset staleBefore, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select seq_id, timestamp from {LedgerStorage.Schema}.mt_events where seq_id > @from order by seq_id", connection);
        command.Parameters.AddWithValue("from", from);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var mark = from;
        while (await reader.ReadAsync(ct))
        {
            var sequence = reader.GetInt64(0);
            if (sequence != mark + 1 && reader.GetFieldValue<DateTimeOffset>(1) > staleBefore) break;
            mark = sequence;
        }
        return mark;
    }

    /// <summary>The log's leaves after one sequence up to another, in order: each event's stream, version and chain hash (tombstones are not events).</summary>
    public static async IAsyncEnumerable<(string Stream, long Version, string Hash)> Leaves(NpgsqlConnection connection, long after, long upTo,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select e.stream_id, e.version, coalesce(e.headers ->> 'hash', '') from {LedgerStorage.Schema}.mt_events e " +
            $"where e.seq_id > @after and e.seq_id <= @upTo and not {Tombstones.Genuine("e")} order by e.seq_id", connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return (reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
    }

    public static async Task<List<byte[]>> LeafHashes(NpgsqlConnection connection, long upTo, CancellationToken ct)
    {
        var leaves = new List<byte[]>();
        await foreach (var (stream, version, hash) in Leaves(connection, 0, upTo, ct)) leaves.Add(MerkleLog.Leaf(stream, version, hash));
        return leaves;
    }
}
