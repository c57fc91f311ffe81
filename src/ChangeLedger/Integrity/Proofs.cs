using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Hosting;
using Marten;
using Npgsql;

namespace ChangeLedger.Integrity;

/// <summary>
/// GET /v1/integrity/proof?event={sequence} and /consistency?from=&amp;to= — RFC 6962 proofs against the latest checkpoint of the
/// log. The leaves are read from the events (32 bytes each in memory), and a log whose leaves no longer hash to the
/// signed root is refused with 409 rather than answered with a proof that cannot verify.
/// </summary>
public static class Proofs
{
    public static void Map(RouteGroupBuilder integrity)
    {
        integrity.MapGet("/proof", async (long? @event, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (@event is not > 0)
                    return Problems.Result(new Validation().Rule(false, "event", "Give the event's sequence number (the 'sequence' of the trail and of trail exports), 1 or more.").ToProblem());
                var connection = await Open(session, ct);
                await using var find = new NpgsqlCommand(
                    $"select e.stream_id, e.version, e.seq_id from {LedgerStorage.Schema}.mt_events e where e.seq_id = @s and not {Tombstones.Genuine("e")}", connection);
                find.Parameters.AddWithValue("s", @event.Value);
                (string Stream, long Version, long Sequence)? found = null;
                await using (var reader = await find.ExecuteReaderAsync(ct))
                    if (await reader.ReadAsync(ct)) found = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
                if (found is not { } e || !await Visible(session, user, e.Stream, ct))
                    return Problems.Result(new Problem(404, "unknown-event", "No such event", $"No event with sequence {@event} is visible to this key."));
                var checkpoint = await LogCheckpoints.Latest(session, ct);
                if (checkpoint is null || checkpoint.Sequence < e.Sequence)
                    return Problems.Result(new Problem(404, "not-yet-checkpointed", "The event is not covered by a checkpoint yet",
                        "Proofs are against the latest checkpoint, taken before this event was committed; take a checkpoint (POST /v1/integrity/checkpoints) or wait for the next."));
                var leaves = await LogCheckpoints.LeafHashes(connection, checkpoint.Sequence, ct);
                if (Mismatch(leaves, checkpoint) is { } problem) return Problems.Result(problem);
                var index = await Index(connection, e.Sequence, ct);
                return Results.Ok(new InclusionProof(e.Sequence, e.Stream, e.Version, index, leaves.Count, Hex(leaves[(int)index]),
                    [.. MerkleLog.Inclusion(leaves, (int)index, leaves.Count).Select(Hex)], checkpoint.Note));
            })
            .RequireAuthorization(Permissions.Export)
            .WithName("ProveInclusion").WithSummary("Prove that an event is in the log the latest checkpoint signs (RFC 6962 audit path)")
            .Produces<InclusionProof>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        integrity.MapGet("/consistency", async (long? from, long? to, IQuerySession session, CancellationToken ct) =>
            {
                var checkpoint = await LogCheckpoints.Latest(session, ct);
                var size = checkpoint?.TreeSize ?? 0;
                var rules = new Validation()
                    .Rule(from is > 0, "from", "Give the older tree size, 1 or more.")
                    .Rule(to is not null && to >= from, "to", "Give the newer tree size, at least 'from'.")
                    .Rule(to is null || to <= size, "to", $"The latest checkpoint covers {size} events; ask up to that size.");
                if (!rules.IsValid) return Problems.Result(rules.ToProblem());
                var leaves = await LogCheckpoints.LeafHashes(await Open(session, ct), checkpoint!.Sequence, ct);
                if (Mismatch(leaves, checkpoint) is { } problem) return Problems.Result(problem);
                var (m, n) = ((int)from!.Value, (int)to!.Value);
                var notes = session.Events.QueryRawEventDataOnly<LogCheckpointRecorded>();
                var fromNote = await notes.Where(c => c.TreeSize == m).OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
                var toNote = await notes.Where(c => c.TreeSize == n).OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
                return Results.Ok(new ConsistencyProof(m, n, Hex(MerkleLog.Root(leaves, 0, m)), Hex(MerkleLog.Root(leaves, 0, n)),
                    [.. MerkleLog.Consistency(leaves, m, n).Select(Hex)], fromNote?.Note, toNote?.Note ?? checkpoint.Note));
            })
            .RequireAuthorization(Permissions.Export)
            .WithName("ProveConsistency").WithSummary("Prove that the log of 'to' events extends the log of 'from' events (RFC 6962 consistency proof)")
            .Produces<ConsistencyProof>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static Problem? Mismatch(List<byte[]> leaves, LogCheckpointRecorded checkpoint) =>
        leaves.Count == checkpoint.TreeSize && Hex(MerkleLog.Root(leaves, 0, leaves.Count)) == checkpoint.RootHash ? null
            : new Problem(409, "log-mismatch", "The log no longer matches its latest checkpoint",
                $"The checkpoint signs {checkpoint.TreeSize} events; the events at or below sequence {checkpoint.Sequence} are {leaves.Count} and hash differently. Run GET /v1/integrity/verify.");

    private static async Task<long> Index(NpgsqlConnection connection, long sequence, CancellationToken ct)
    {
        await using var count = new NpgsqlCommand(
            $"select count(*) from {LedgerStorage.Schema}.mt_events e where e.seq_id < @s and not {Tombstones.Genuine("e")}", connection);
        count.Parameters.AddWithValue("s", sequence);
        return Convert.ToInt64(await count.ExecuteScalarAsync(ct));
    }

    private static async Task<bool> Visible(IQuerySession session, ClaimsPrincipal user, string stream, CancellationToken ct)
    {
        if (user.SeesEveryRepository()) return true;
        var change = await session.LoadAsync<Changes.Change>(stream, ct);
        return change is not null && user.InScope(change.Repository);
    }

    private static async Task<NpgsqlConnection> Open(IQuerySession session, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)session.Connection!;
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        return connection;
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
