using System.Buffers;
using System.Data;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Hosting;
using ChangeLedger.Integrity;
using Marten;
using Npgsql;

namespace ChangeLedger.Audits;

/// <summary>
/// One audit, computed in one pass over the ledger: one query returns every release in the caller's scope up to the
/// checkpoint, in the log's (sequence) order, each with its proposal and the verdict it names; every row extends its
/// repository's release log (a Merkle frontier, O(log n) hashes) and, when it is a release to the audited environment
/// in the period, is counted and written out at once. Nothing in memory grows with the releases but the lead times (see
/// <see cref="AuditTally"/>) and, per repository, the hashes of the leaves after the period (or after <c>since</c>)
/// that its proofs need; the JSON keeps its exceptions on disk until it lists them (<see cref="AuditJson.Spool"/>).
/// </summary>
public sealed class AuditRun(AuditQuery query, SigningKey key, LogCheckpointRecorded checkpoint, RepositoryScope scope, DateTimeOffset generatedAt, long highWaterMark,
    JsonSerializerOptions json)
{
    private const int FlushAt = 64 * 1024;

    /// <summary>
    /// The report as JSON, written as it is read: its head, every release, then the figures, exceptions, sample and
    /// proofs, and last the manifest, which signs the SHA-256 of every byte written before it.
    /// </summary>
    public async Task Json(IQuerySession session, Stream body, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushAt * 2);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = json.Encoder });
        async ValueTask Flush(bool hashed)
        {
            writer.Flush();
            if (hashed) sha.AppendData(buffer.WrittenSpan);
            await body.WriteAsync(buffer.WrittenMemory, ct);
            buffer.ResetWrittenCount();
        }

        writer.WriteStartObject();
        writer.WriteString("type", AuditReport.ReportType);
        writer.WritePropertyName("query");
        JsonSerializer.Serialize(writer, query, json);
        writer.WritePropertyName("generatedAt");
        JsonSerializer.Serialize(writer, generatedAt, json);
        writer.WriteNumber("highWaterMark", highWaterMark);
        async ValueTask Written()
        {
            if (buffer.WrittenCount + writer.BytesPending >= FlushAt) await Flush(hashed: true);
        }

        await using var exceptions = new AuditJson.Spool(json);
        writer.WriteStartArray("releases");
        var (tally, logs) = await Fold(session, async (release, exception) =>
        {
            AuditJson.Release(writer, release);
            if (exception is not null) await exceptions.Add(exception, ct);
            await Written();
        }, ct);
        writer.WriteEndArray();
        var report = Report(tally, logs, []);
        writer.WritePropertyName("total");
        JsonSerializer.Serialize(writer, report.Total, json);
        writer.WritePropertyName("repositories");
        JsonSerializer.Serialize(writer, report.Repositories, json);
        writer.WriteStartArray("exceptions");
        await exceptions.WriteTo(writer, Written, ct);
        writer.WriteEndArray();
        if (report.Sample is { } sample)
        {
            writer.WritePropertyName("sample");
            JsonSerializer.Serialize(writer, sample, json);
        }
        writer.WritePropertyName("completeness");
        JsonSerializer.Serialize(writer, report.Completeness, json);
        await Flush(hashed: true);

        var proof = report.Completeness!;
        var manifest = new AuditManifest("audit-manifest", query, Convert.ToHexStringLower(sha.GetHashAndReset()), tally.Releases, exceptions.Count,
            proof.LedgerTreeSize, proof.LedgerSequence, [.. proof.Logs.Select(l => new AuditLogRoot(l.Repository, l.TreeSize, l.RootHash, l.Start, l.End))], key.KeyId);
        writer.WritePropertyName("manifest");
        JsonSerializer.Serialize(writer, Dsse.Sign(key.Key, key.KeyId, AuditManifest.PayloadType, JsonSerializer.SerializeToUtf8Bytes(manifest, Checkpoints.StatementJson)), json);
        writer.WriteEndObject();
        await Flush(hashed: false);
    }

    /// <summary>The releases and exceptions as CSV, a line written as each release is read.</summary>
    public async Task Csv(IQuerySession session, Stream body, CancellationToken ct)
    {
        await using var text = new StreamWriter(body, new UTF8Encoding(false), FlushAt);
        await text.WriteAsync(AuditCsv.Header + "\r\n");
        await Fold(session, async (release, exception) => await text.WriteAsync(AuditCsv.Row(release, exception)), ct);
        await text.FlushAsync(ct);
    }

    /// <summary>The figures, exceptions and sample as a PDF (it lists no release one by one).</summary>
    public async Task<byte[]> Pdf(IQuerySession session, CancellationToken ct) => AuditPdf.Of(await Summary(session, ct));

    /// <summary>The report without its list of releases and unsigned: what the PDF and the web page show, every exception listed.</summary>
    public async Task<AuditReport> Summary(IQuerySession session, CancellationToken ct)
    {
        var exceptions = new List<AuditException>();
        var (tally, logs) = await Fold(session, (_, exception) =>
        {
            if (exception is not null) exceptions.Add(exception);
            return ValueTask.CompletedTask;
        }, ct);
        return Report(tally, logs, exceptions);
    }

    private AuditReport Report(AuditTally tally, IReadOnlyList<RepositoryReleaseLog> logs, IReadOnlyList<AuditException> exceptions) =>
        tally.Report(query, generatedAt, highWaterMark, new AuditCompleteness(checkpoint.TreeSize, checkpoint.Sequence, checkpoint.Note, logs), exceptions);

    private async Task<(AuditTally Tally, IReadOnlyList<RepositoryReleaseLog> Logs)> Fold(IQuerySession session, Func<AuditRelease, AuditException?, ValueTask> audited,
        CancellationToken ct)
    {
        var tally = new AuditTally(query.Sample, query.Seed);
        var logs = new Dictionary<string, LogBuilder>(StringComparer.Ordinal);
        await foreach (var row in Rows(session, ct))
        {
            if (!logs.TryGetValue(row.Repository, out var log)) logs[row.Repository] = log = new LogBuilder(query);
            var logTime = log.Add(row);
            if (row.Environment != query.Environment || logTime < query.From || logTime >= query.To) continue;
            var (release, exception) = tally.Add(row.Release with { LogTime = logTime });
            await audited(release, exception);
        }
        return (tally, await ReleaseLogHeads.Prove(session, checkpoint, [.. logs.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value.Close(l.Key, key))], ct));
    }

    /// <summary>A release as the query returns it: the audited shape, and what its leaf needs besides.</summary>
    private sealed record Row(AuditedRelease Release, string Environment)
    {
        public string Repository => Release.Repository;
    }

    /// <summary>Releases read per query: each batch is an index scan of the primary key from where the last one stopped.</summary>
    private const int Batch = 20_000;

    /// <summary>
    /// Every release in scope up to the checkpoint, in sequence order, in batches of the primary key's order (nothing
    /// to sort, no hash of the whole table: each release's proposal, verdict and earlier releases are index lookups in
    /// its own stream). A release names its repository (the proposal does for releases recorded before it did) and its
    /// verdict's version in the same stream; only releases to the audited environment have their verdict read. The
    /// batches share the listing's repeatable-read snapshot, so they read one moment of the ledger.
    /// </summary>
    private async IAsyncEnumerable<Row> Rows(IQuerySession session, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var connection = (NpgsqlConnection)(session.Connection ?? throw new InvalidOperationException("The query session has no connection."));
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(ct);
        // The planner prices a scan of every release high enough to compile it (seconds per batch, for nothing).
        await using (var jit = new NpgsqlCommand("set local jit = off", connection)) await jit.ExecuteNonQueryAsync(ct);
        var events = $"{LedgerStorage.Schema}.mt_events";
        // One range scan of the release's own stream up to it finds its proposal, the verdict it names and whether an
        // earlier release went to the same environment: one index descent a release instead of three.
        await using var command = new NpgsqlCommand($"""
            select r.seq_id, r.timestamp, r.stream_id, r.version, s.repository, r.data ->> 'releasedBy', r.data ->> 'version',
                   r.data -> 'override' ->> 'by', r.data -> 'override' ->> 'justification', coalesce((r.data ->> 'releasedOutsideGate')::boolean, false),
                   (r.data ->> 'verdictVersion')::bigint, (s.verdict ->> 'ready')::boolean, (s.verdict -> 'rules')::text, s.proposed_at,
                   r.data ->> 'environment', coalesce(r.headers ->> 'hash', ''), s.first,
                   coalesce(s.proposed_at is not null and {RepositoryScope.SqlCondition("s.repository", "@requested")} and {RepositoryScope.SqlCondition("s.repository", "@allowed")}, false)
            from {events} r,
            lateral (
              select coalesce(r.data ->> 'repository', max(p.data ->> 'repository') filter (where p.version = 1)) as repository,
                     max(p.timestamp) filter (where p.version = 1 and p.type = 'change_proposed') as proposed_at,
                     (array_agg(p.data -> 'verdict') filter (where r.data ->> 'environment' = @environment and p.version = (r.data ->> 'verdictVersion')::bigint
                                                              and p.type = 'release_verdict_recorded'))[1] as verdict,
                     not coalesce(bool_or(p.type = 'change_released' and p.version < r.version and p.data ->> 'environment' = r.data ->> 'environment'), false) as first
              from {events} p where p.stream_id = r.stream_id and p.version <= r.version
            ) s
            where r.type = 'change_released' and r.seq_id > @after and r.seq_id <= @upTo
            order by r.seq_id limit {Batch}
            """, connection);
        var after = command.Parameters.AddWithValue("after", 0L);
        command.Parameters.AddWithValue("upTo", checkpoint.Sequence);
        command.Parameters.AddWithValue("environment", query.Environment);
        // The requested patterns ANDed with the caller's, both by the one rule of RepositoryScope: a pattern never widens a key.
        command.Parameters.AddWithValue("requested", query.Repositories.Count == 0 ? ["%"] : query.Repositories.Select(RepositoryScope.Like).ToArray());
        command.Parameters.AddWithValue("allowed", scope.SqlPatterns());
        await command.PrepareAsync(ct);
        var rules = new StoredRules();
        for (var read = Batch; read == Batch;)
        {
            read = 0;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                read++;
                after.Value = reader.GetInt64(0);
                // Out of scope, or a release in a stream that is not a change's: read past, as the batches must.
                if (!reader.GetBoolean(17)) continue;
                var environment = reader.GetString(14);
                var audited = environment == query.Environment;
                yield return new Row(new AuditedRelease(
                    reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6),
                    reader.IsDBNull(7) ? null : new ReleaseOverride(reader.GetString(7), reader.GetString(8)),
                    reader.GetBoolean(9),
                    reader.IsDBNull(10) ? null : reader.GetInt64(10),
                    reader.IsDBNull(11) ? null : reader.GetBoolean(11),
                    !audited || reader.IsDBNull(12) ? null : rules.Read(reader.GetString(12)),
                    reader.GetFieldValue<DateTimeOffset>(13),
                    reader.GetBoolean(16),
                    reader.GetString(15),
                    default), environment);
            }
        }
    }

    /// <summary>
    /// One repository's release log as its rows arrive: the frontier (for the root), the frontier as it stood before
    /// the last leaf before the period and before the first leaf after <c>since</c> (what the proofs need from the
    /// left), the boundary leaves and the period's releases to other environments, and the hashes of the leaves after
    /// the period or after <c>since</c> (what they need from the right). Log time is the running maximum of the
    /// recording times, so a period is a contiguous range of leaves even where two transactions committed out of order.
    /// </summary>
    private sealed class LogBuilder(AuditQuery query)
    {
        private readonly MerkleFrontier _frontier = new();
        private readonly List<PlacedLeaf> _placed = [];
        private readonly Dictionary<long, byte[]> _right = [];
        private (long Lo, long Size, byte[] Hash)[] _beforePeriod = [];
        private (long Lo, long Size, byte[] Hash)[] _beforeSince = [];
        private PlacedLeaf? _lastBefore;
        private DateTimeOffset? _logTime;
        private long _start = -1, _end = -1, _since = -1;

        public DateTimeOffset Add(Row row)
        {
            var index = _frontier.Size;
            if (query.Since is { } since && _since < 0 && row.Release.Sequence > since) (_since, _beforeSince) = (index, _frontier.Snapshot());
            var logTime = _logTime is { } last && last > row.Release.RecordedAt ? last : row.Release.RecordedAt;
            _logTime = logTime;
            var leaf = new ReleaseLeaf(row.Release.ChangeId, row.Release.EventVersion, row.Release.Hash, row.Environment, logTime);
            var hash = ReleaseLog.Leaf(leaf);
            if (logTime < query.From) (_beforePeriod, _lastBefore) = (_frontier.Snapshot(), new PlacedLeaf(index, leaf));
            else if (logTime < query.To)
            {
                if (_start < 0) _start = index;
                if (row.Environment != query.Environment) _placed.Add(new PlacedLeaf(index, leaf));
            }
            else if (_end < 0)
            {
                _end = index;
                _placed.Add(new PlacedLeaf(index, leaf));
            }
            if (_since >= 0 || (_end >= 0 && index > _end)) _right[index] = hash;
            _frontier.Add(hash);
            return logTime;
        }

        public RepositoryReleaseLog Close(string repository, SigningKey key)
        {
            var size = _frontier.Size;
            var end = _end < 0 ? size : _end;
            var start = _start < 0 ? end : _start;
            var (first, last) = (Math.Max(0, start - 1), Math.Min(size, end + 1));
            var nodes = _beforePeriod.Concat(_beforeSince).DistinctBy(n => (n.Lo, n.Size)).ToDictionary(n => (n.Lo, n.Size), n => n.Hash);
            byte[] Subtree(long lo, long n)
            {
                if (n == 1 && _right.TryGetValue(lo, out var leaf)) return leaf;
                if (nodes.TryGetValue((lo, n), out var node)) return node;
                if (n == 1) throw new InvalidOperationException($"The audit of {repository} kept no hash for leaf {lo}.");
                var k = 1L;
                while (k << 1 < n) k <<= 1;
                return MerkleLog.Node(Subtree(lo, k), Subtree(lo + k, n - k));
            }

            var root = _frontier.Root();
            var note = SignedNote.Sign(SignedNote.Body(ReleaseLog.Origin(key.Origin, repository), size, root), key.Origin, key.Key);
            var placed = _lastBefore is { } before && start > 0 ? [before, .. _placed] : _placed;
            var consistency = query.Since is null ? null
                : new ReleaseLogConsistency(_since < 0 ? size : _since, [.. MerkleRange.ConsistencyProof(_since < 0 ? size : _since, size, Subtree).Select(Convert.ToHexStringLower)]);
            return new RepositoryReleaseLog(repository, size, Convert.ToHexStringLower(root), note, start, end, placed,
                [.. MerkleRange.Proof(size, first, last, Subtree).Select(Convert.ToHexStringLower)], consistency);
        }
    }
}
