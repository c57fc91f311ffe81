using ChangeLedger.Access;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Hosting;
using Marten;
using Npgsql;

namespace ChangeLedger.Integrity;

/// <summary>
/// Recomputes hash chains from the rows in PostgreSQL and compares the latest checkpoint. Rows are read in stream
/// order and only the current stream's last link is held, so millions of events verify in constant memory (the
/// list of breaks is capped). Kinds of break: changed, deleted, inserted_or_reordered, truncated, missing_stream,
/// unchained, checkpoint.
/// </summary>
public static class VerifyLedger
{
    public const int MaxBreaks = 1000;

    public sealed record Scope(string? ChangeId, DateTimeOffset? From, DateTimeOffset? To)
    {
        public bool Everything => ChangeId is null && From is null && To is null;

        public string Describe() => ChangeId is not null ? $"change {ChangeId}" : Everything ? "whole ledger" : "streams with events recorded in the range";
    }

    public static async Task<VerificationReport> Run(IQuerySession session, SigningKey key, WitnessSettings witnesses, Scope scope, CancellationToken ct)
    {
        // A checkpoint is only recomputed over the whole ledger: its root covers every stream.
        var checkpoint = scope.Everything ? await Checkpoints.Latest(session, ct) : null;
        var breaks = new List<ChainBreak>();
        var tree = new MerkleTree();
        long streams = 0, events = 0;
        var walk = new StreamWalk(breaks);

        var connection = session.Connection!;
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = Sql(scope, command);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var stream = reader.GetString(0);
                if (walk.StreamId != stream)
                {
                    if (walk.StreamId is not null) Finish(walk, tree, checkpoint);
                    walk.Begin(stream, reader.IsDBNull(9) ? null : long.Parse(reader.GetString(9), System.Globalization.CultureInfo.InvariantCulture),
                        reader.IsDBNull(10) ? null : reader.GetString(10));
                    streams++;
                }
                if (reader.IsDBNull(1)) continue;
                events++;
                walk.Next(reader.GetInt64(1), reader.GetString(2), reader.GetString(3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 11), reader.GetInt64(8), checkpoint?.Sequence);
            }
        }
        if (walk.StreamId is not null) Finish(walk, tree, checkpoint);

        CheckpointCheck? check = null;
        if (checkpoint is not null)
        {
            var unsigned = checkpoint.ToContract() with { Signature = null };
            var signatureValid = key.Find(checkpoint.KeyId) is { } signer && Signing.Verify(signer, Signing.Statement(unsigned, Checkpoints.StatementJson), checkpoint.Signature);
            var root = tree.Root();
            check = new CheckpointCheck(checkpoint.Sequence, checkpoint.MerkleRoot, root, checkpoint.Streams, tree.Leaves, signatureValid);
            if (!signatureValid) breaks.Add(new(Checkpoints.StreamId, 0, "checkpoint", $"The checkpoint at sequence {checkpoint.Sequence} does not verify with the ledger's public key."));
            if (root != checkpoint.MerkleRoot)
                breaks.Add(new(Checkpoints.StreamId, 0, "checkpoint",
                    $"The streams as of sequence {checkpoint.Sequence} ({tree.Leaves}) no longer hash to the signed root ({checkpoint.Streams} streams): a stream was removed, re-chained, or an event covered by the checkpoint was deleted or inserted."));
        }
        LogCheck? log = null;
        WitnessCheck? witness = null;
        if (scope.Everything)
        {
            log = await CheckLog(connection, key, await LogCheckpoints.Latest(session, ct), breaks, ct);
            witness = await CheckWitness(connection, key, witnesses, breaks, ct);
        }
        var shown = breaks.Take(MaxBreaks).ToList();
        return new VerificationReport(breaks.Count == 0, scope.Describe(), streams, events, shown, check, log, witness);
    }

    /// <summary>The latest checkpoint of the log against the events at or below its sequence, hashed again in order.</summary>
    private static async Task<LogCheck?> CheckLog(NpgsqlConnection connection, SigningKey key, LogCheckpointRecorded? checkpoint, List<ChainBreak> breaks, CancellationToken ct)
    {
        if (checkpoint is null) return null;
        var tree = new MerkleTree();
        await foreach (var (stream, version, hash) in LogCheckpoints.Leaves(connection, 0, checkpoint.Sequence, ct)) tree.Add(stream, version, hash);
        var note = SignedNote.Parse(checkpoint.Note);
        var signed = note is not null && key.VerifyNote(note) && note.TreeSize == checkpoint.TreeSize && note.RootHex == checkpoint.RootHash;
        if (!signed) breaks.Add(new(Checkpoints.StreamId, 0, "checkpoint", $"The log checkpoint of size {checkpoint.TreeSize} does not verify with the ledger's keys."));
        if (tree.Leaves != checkpoint.TreeSize || tree.Root() != checkpoint.RootHash)
            breaks.Add(new(Checkpoints.StreamId, 0, "checkpoint",
                $"The log checkpoint signs {checkpoint.TreeSize} events up to sequence {checkpoint.Sequence}; the ledger now holds {tree.Leaves} there, hashing to another root: events it covers were changed, removed or inserted."));
        return new LogCheck(checkpoint.TreeSize, checkpoint.RootHash, tree.Leaves, tree.Root(), signed);
    }

    /// <summary>
    /// The newest checkpoint a witness directory holds: the ledger's log must still have at least that many events, and
    /// its first that-many must hash to the witnessed root. This is what catches a tail cut off together with its checkpoints.
    /// </summary>
    private static async Task<WitnessCheck?> CheckWitness(NpgsqlConnection connection, SigningKey key, WitnessSettings witnesses, List<ChainBreak> breaks, CancellationToken ct)
    {
        if (await WitnessCheckpointHandler.Latest(witnesses, ct) is not { } witnessed) return null;
        var note = SignedNote.Parse(witnessed.Note);
        if (note is null || !key.VerifyNote(note))
        {
            breaks.Add(new(Checkpoints.StreamId, 0, "witness", $"The witnessed checkpoint {witnessed.Path} is not a checkpoint note signed by the ledger's keys."));
            return new WitnessCheck(witnessed.Path, note?.TreeSize ?? 0, note?.RootHex ?? "", 0, "", false);
        }
        var tree = new MerkleTree();
        string? rootAtWitness = note.TreeSize == 0 ? tree.Root() : null;
        await foreach (var (stream, version, hash) in LogCheckpoints.Leaves(connection, 0, long.MaxValue, ct))
        {
            tree.Add(stream, version, hash);
            if (tree.Leaves == note.TreeSize) rootAtWitness = tree.Root();
        }
        var consistent = rootAtWitness == note.RootHex;
        if (tree.Leaves < note.TreeSize)
            breaks.Add(new(Checkpoints.StreamId, 0, "cut_off",
                $"The witness holds a checkpoint of {note.TreeSize} events ({witnessed.Path}); the ledger has {tree.Leaves}: its last {note.TreeSize - tree.Leaves} event(s) were cut off."));
        else if (!consistent)
            breaks.Add(new(Checkpoints.StreamId, 0, "witness",
                $"The ledger's first {note.TreeSize} events no longer hash to the root the witness holds ({witnessed.Path}): history before that checkpoint was rewritten."));
        return new WitnessCheck(witnessed.Path, note.TreeSize, note.RootHex, tree.Leaves, tree.Root(), consistent);
    }

    private static void Finish(StreamWalk walk, MerkleTree tree, CheckpointRecorded? checkpoint)
    {
        walk.End();
        if (checkpoint is not null && walk.CoveredHead is { } head) tree.Add(walk.StreamId!, head.Version, head.Hash);
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string Sql(Scope scope, NpgsqlCommand command)
    {
        var events = $"{LedgerStorage.Schema}.mt_events";
        var heads = $"{LedgerStorage.Schema}.mt_doc_chainhead";
        string eventFilter = "true", headFilter = "true";
        if (scope.ChangeId is not null)
        {
            command.Parameters.AddWithValue("change_id", scope.ChangeId);
            (eventFilter, headFilter) = ("e.stream_id = @change_id", "h.id = @change_id");
        }
        else if (!scope.Everything)
        {
            command.Parameters.AddWithValue("from", scope.From ?? DateTimeOffset.MinValue);
            command.Parameters.AddWithValue("to", scope.To ?? DateTimeOffset.MaxValue);
            eventFilter = $"e.stream_id in (select stream_id from {events} where timestamp >= @from and timestamp < @to)";
        }
        return $"""
            select * from (
              select e.stream_id, e.version, e.type, e.data::text, e.headers ->> 'hash', e.headers ->> 'prevHash',
                     e.headers ->> 'actor', e.headers ->> 'occurredAt', e.seq_id, h.data ->> 'version', h.data ->> 'hash',
                     e.headers ->> 'principal'
              from {events} e left join {heads} h on h.id = e.stream_id
              where {eventFilter} and not {Tombstones.Genuine("e")}
              union all
              select h.id, null, null, null, null, null, null, null, null, h.data ->> 'version', h.data ->> 'hash', null
              from {heads} h
              where {headFilter} and not exists (select 1 from {events} e where e.stream_id = h.id)
            ) rows
            order by stream_id collate "C", version nulls first
            """;
    }
}

/// <summary>GET /v1/integrity/verify — ?changeId= for one change, ?from=&amp;to= for streams touched in a range, nothing for all.</summary>
public static class VerifyEndpoint
{
    public static void Map(RouteGroupBuilder integrity) =>
        integrity.MapGet("/verify", async (string? changeId, DateTimeOffset? from, DateTimeOffset? to, IQuerySession session, SigningKey key, Microsoft.Extensions.Options.IOptions<IntegritySettings> settings,
                System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (changeId is not null && Ledger.ChangeId.Check(changeId) is not null && changeId != Checkpoints.StreamId && !changeId.StartsWith("~policy:", StringComparison.Ordinal))
                    return Problems.Result(Ledger.ChangeId.InvalidProblem(changeId));
                if (changeId is not null && (from is not null || to is not null))
                    return Problems.Result(new Ledger.Validation().Rule(false, "changeId", "Ask for one change, or for a range, not both.").ToProblem());
                // A report names streams; a scoped key may verify its own changes one by one, and only a key on every
                // repository may walk ranges or the whole ledger.
                if (!user.SeesEveryRepository())
                {
                    if (changeId is null)
                        return Problems.Result(new Ledger.Problem(403, "verify-scope", "This key may verify single changes only",
                            "Range and whole-ledger verification report on every repository; use a key scoped to '*', or pass ?changeId=."));
                    var change = await session.LoadAsync<Changes.Change>(changeId, ct);
                    if (change is null || !user.InScope(change.Repository)) return Problems.Result(Ledger.Problem.UnknownChange(changeId));
                }
                return Results.Ok(await VerifyLedger.Run(session, key, settings.Value.Witness, new VerifyLedger.Scope(changeId, from, to), ct));
            })
            .RequireAuthorization(Access.Permissions.Export)
            .WithName("VerifyLedger").WithSummary("Recompute the hash chains and the latest checkpoint; list every break")
            .Produces<VerificationReport>().ProducesValidationProblem();
}
