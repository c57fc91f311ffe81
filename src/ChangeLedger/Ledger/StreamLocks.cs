using Marten;
using Npgsql;

namespace ChangeLedger.Ledger;

/// <summary>
/// Locks on streams that may not exist yet. <c>FetchForExclusiveWriting</c> locks a stream's row, but a stream about
/// to be created has no row: two writers creating it would both try, one would fail and be retried. A transaction
/// advisory lock on the stream key makes the second creator wait for the first and then see the stream, so creating
/// races queue like every other write. Taken in key order, so two writers cannot deadlock; released at commit.
/// </summary>
public static class StreamLocks
{
    public static async Task Take(IDocumentSession session, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0) return;
        await session.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(
            "select count(pg_advisory_xact_lock(hashtextextended(k, 20261130))) from (select unnest(@keys) as k order by 1) ordered",
            (NpgsqlConnection)session.Connection!);
        command.Parameters.AddWithValue("keys", keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
        await command.ExecuteScalarAsync(ct);
    }
}
