using System.Data;
using Marten;
using Npgsql;

namespace ChangeLedger.Hosting;

/// <summary>
/// The streaming replica lists and exports may read from: ConnectionStrings:LedgerReplica (a hot standby of the
/// ledger's database). Unset, they read the primary. Nothing else reads here: the gate, readiness and every write see
/// the primary only, so a replica's lag can make a list older, never a verdict or a write wrong.
/// </summary>
public sealed class LedgerReplica : IAsyncDisposable
{
    public const string ConnectionName = "LedgerReplica";

    public LedgerReplica(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(ConnectionName) is { Length: > 0 } cs)
            DataSource = NpgsqlDataSource.Create(LedgerStorage.Tuned(cs));
    }

    /// <summary>Null when no replica is configured.</summary>
    public NpgsqlDataSource? DataSource { get; }

    public ValueTask DisposeAsync() => DataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// What a list or an export read: where (<c>primary</c> or <c>replica</c>) and its high-water mark, the newest event
/// sequence in the snapshot it read. Every event up to that mark that had committed when the snapshot was taken is in it.
/// </summary>
public sealed record ReadPoint(string ReadFrom, long HighWaterMark)
{
    public const string ReadFromHeader = "X-Ledger-Read-From";
    public const string HighWaterMarkHeader = "X-Ledger-High-Water-Mark";
}

/// <summary>
/// One request's read session for a list or an export: one read-only, repeatable-read snapshot on the replica (or the
/// primary), so the high-water mark it reports and the rows it returns are the same moment. The mark is also sent as
/// response headers. Disposed with the request, after a streamed body is written.
/// </summary>
public sealed class ListingSession(IDocumentStore store, LedgerReplica replica) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;
    private IQuerySession? _session;

    public ReadPoint? Point { get; private set; }

    public async Task<IQuerySession> Open(HttpResponse response, CancellationToken ct)
    {
        if (_session is not null) return _session;
        _connection = replica.DataSource?.CreateConnection() ?? (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await _connection.OpenAsync(ct);
        _transaction = await _connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using (var readOnly = new NpgsqlCommand("set transaction read only", _connection, _transaction)) await readOnly.ExecuteNonQueryAsync(ct);
        await using (var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {LedgerStorage.Schema}.mt_events", _connection, _transaction))
            Point = new ReadPoint(replica.DataSource is null ? "primary" : "replica", Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture));
        response.Headers[ReadPoint.ReadFromHeader] = Point.ReadFrom;
        response.Headers[ReadPoint.HighWaterMarkHeader] = Point.HighWaterMark.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _session = store.QuerySession(Marten.Services.SessionOptions.ForTransaction(_transaction));
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
        if (_transaction is not null) await _transaction.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
