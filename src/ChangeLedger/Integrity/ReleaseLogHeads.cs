using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Hosting;
using Marten;
using Npgsql;

namespace ChangeLedger.Integrity;

/// <summary>
/// A repository's release log as the last checkpoint that extended it left it: its head (size, root), its frontier (hex,
/// largest subtree first) and its log time, so the next checkpoint appends only the releases recorded since. Written
/// only by a checkpoint, in its transaction; the heads tree of all of them is what the checkpoint's note signs.
/// </summary>
public sealed record ReleaseLogHead(string Id, long TreeSize, string RootHash, IReadOnlyList<string> Frontier, DateTimeOffset LogTime, long Sequence)
{
    public ReleaseHead Head => new(Id, TreeSize, RootHash);
}

/// <summary>
/// At each checkpoint, every repository's release log up to the checkpoint's sequence (the same leaves an audit reads:
/// <see cref="ReleaseLog.Leaf"/>, in the log's order, log time the running maximum of the recording times), committed to
/// by the heads tree (<see cref="ReleaseHeads"/>) in the checkpoint's note. Only the repositories with a release since
/// the previous checkpoint are read and hashed again; every head is hashed into the heads tree (one leaf a repository).
/// </summary>
public static class ReleaseLogHeads
{
    /// <summary>
    /// Extends the release logs to <paramref name="mark"/> in the checkpoint's session and answers the note's extension
    /// line. It goes on from the stored heads when they are exactly the ones the previous checkpoint signs (and each
    /// frontier gives its root); otherwise (the first checkpoint since heads were committed, or heads not matching) it
    /// reads every release once and replaces them.
    /// </summary>
    public static async Task<string> Extend(IDocumentSession session, NpgsqlConnection connection, LogCheckpointRecorded? previous, long mark, CancellationToken ct)
    {
        var stored = (await session.Query<ReleaseLogHead>().ToListAsync(ct)).ToDictionary(h => h.Id, StringComparer.Ordinal);
        var signed = previous is null ? null : SignedNote.Parse(previous.Note) is { } note ? ReleaseHeads.Committed(note) : null;
        var resumes = previous is null ? stored.Count == 0
            : signed is { } heads && heads.Count == stored.Count && new ReleaseHeads.Tree(stored.Values.Select(h => h.Head)).Root().AsSpan().SequenceEqual(heads.Root)
              && stored.Values.All(h => MerkleTree.Resume(h.TreeSize, h.Frontier)?.Root() == h.RootHash);
        var logs = resumes ? stored.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal) : new Dictionary<string, ReleaseLogHead>(StringComparer.Ordinal);
        var extended = new Dictionary<string, (MerkleTree Tree, DateTimeOffset LogTime)>(StringComparer.Ordinal);
        await foreach (var (repository, changeId, version, hash, environment, recordedAt) in Releases(connection, resumes ? previous?.Sequence ?? 0 : 0, mark, ct))
        {
            if (!extended.TryGetValue(repository, out var log))
                log = logs.TryGetValue(repository, out var head) ? (MerkleTree.Resume(head.TreeSize, head.Frontier)!, head.LogTime) : (new MerkleTree(), recordedAt);
            var logTime = log.LogTime > recordedAt ? log.LogTime : recordedAt;
            log.Tree.Add(ReleaseLog.Leaf(new ReleaseLeaf(changeId, version, hash, environment, logTime)));
            extended[repository] = (log.Tree, logTime);
        }
        foreach (var (repository, (tree, logTime)) in extended)
            session.Store(logs[repository] = new ReleaseLogHead(repository, tree.Leaves, tree.Root(), tree.Frontier(), logTime, mark));
        foreach (var gone in stored.Keys.Where(r => !logs.ContainsKey(r))) session.Delete<ReleaseLogHead>(gone);
        var all = new ReleaseHeads.Tree(logs.Values.Select(h => h.Head));
        return ReleaseHeads.Line(all.Count, all.Root());
    }

    /// <summary>
    /// The logs of an audit with each one's proof in the heads tree its checkpoint signs (read in the audit's snapshot,
    /// where the stored heads are that checkpoint's); unchanged when the checkpoint commits to no heads.
    /// </summary>
    public static async Task<IReadOnlyList<RepositoryReleaseLog>> Prove(IQuerySession session, LogCheckpointRecorded checkpoint, IReadOnlyList<RepositoryReleaseLog> logs,
        CancellationToken ct)
    {
        if (SignedNote.Parse(checkpoint.Note) is not { } note || ReleaseHeads.Committed(note) is null) return logs;
        var tree = new ReleaseHeads.Tree((await session.Query<ReleaseLogHead>().ToListAsync(ct)).Select(h => h.Head));
        return [.. logs.Select(l => l with { Head = tree.Prove(l.Repository) })];
    }

    /// <summary>
    /// Every release after one sequence up to another, in the log's order, with the repository it counts for: its own, or
    /// its change's proposal's for releases recorded before releases named it. Releases in a stream that no proposal
    /// started are no change's and in no log (as the audit reads them).
    /// </summary>
    private static async IAsyncEnumerable<(string Repository, string ChangeId, long Version, string Hash, string Environment, DateTimeOffset RecordedAt)> Releases(
        NpgsqlConnection connection, long after, long upTo, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var events = $"{LedgerStorage.Schema}.mt_events";
        await using var command = new NpgsqlCommand($"""
            select coalesce(r.data ->> 'repository', p.data ->> 'repository'), r.stream_id, r.version, coalesce(r.headers ->> 'hash', ''), r.data ->> 'environment', r.timestamp
            from {events} r join {events} p on p.stream_id = r.stream_id and p.version = 1 and p.type = 'change_proposed'
            where r.type = 'change_released' and r.seq_id > @after and r.seq_id <= @upTo and coalesce(r.data ->> 'repository', p.data ->> 'repository') is not null
            order by r.seq_id
            """, connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5));
    }
}
