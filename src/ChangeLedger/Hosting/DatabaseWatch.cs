using Npgsql;

namespace ChangeLedger.Hosting;

/// <summary>
/// Notices an outage no request has hit yet (a probe every few seconds, one statement) and its end (every second while
/// down), so recovery needs no restart and no request to discover it.
/// </summary>
public sealed class DatabaseWatch(DatabaseOutage outage, Marten.IDocumentStore store, Microsoft.Extensions.Options.IOptions<DatabaseSettings> settings, ILogger<DatabaseOutage> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        outage.Attach(log);
        var up = TimeSpan.FromSeconds(settings.Value.ProbeSeconds);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(outage.IsDown ? TimeSpan.FromSeconds(1) : up, stop);
                await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await connection.OpenAsync(timeout.Token);
                await using var command = new NpgsqlCommand("select 1", connection);
                await command.ExecuteScalarAsync(timeout.Token);
                outage.Recovered();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                outage.Failed(new TimeoutException("PostgreSQL did not answer a probe within 5 s."), probe: true);
            }
            catch (Exception ex) when (IsOutage(ex))
            {
                outage.Failed(ex, probe: true);
            }
        }
    }

    // A probe talks to nothing but PostgreSQL: a bare socket error or timeout here is the database's too.
    private static bool IsOutage(Exception ex) => ex is System.Net.Sockets.SocketException or TimeoutException || DatabaseOutage.IsOutage(ex);
}

/// <summary>
/// Marten's own logging, with the two failures that are not errors told apart: a conflict the write path retries
/// (debug), and an outage (reported once, through <see cref="DatabaseOutage"/>). A success ends an outage.
/// </summary>
public sealed class LedgerMartenLogger(DatabaseOutage outage, ILogger<LedgerMartenLogger> log) : Marten.IMartenLogger, Marten.IMartenSessionLogger
{
    public Marten.IMartenSessionLogger StartSession(Marten.IQuerySession session) => this;

    public void SchemaChange(string sql) => log.LogInformation("Schema change: {Sql}", sql);

    public void LogSuccess(NpgsqlCommand command) => Succeeded();

    public void LogSuccess(NpgsqlBatch batch) => Succeeded();

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failed(ex, string.Join("\n", Enumerable.Select(batch.BatchCommands, (NpgsqlBatchCommand c) => c.CommandText)));

    public void LogFailure(Exception ex, string message) => Failed(ex, message);

    public void RecordSavedChanges(Marten.IDocumentSession session, Marten.Services.IChangeSet commit) { }

    public void OnBeforeExecute(NpgsqlCommand command) { }

    public void OnBeforeExecute(NpgsqlBatch batch) { }

    private void Succeeded()
    {
        if (outage.IsDown) outage.Recovered();
    }

    private void Failed(Exception ex, string what)
    {
        if (WriteConflicts.IsConflict(ex)) log.LogDebug(ex, "Conflict, retried on fresh state: {What}", what);
        else if (DatabaseOutage.IsOutage(ex)) outage.Failed(ex);
        else log.LogError(ex, "Marten failed executing {What}", what);
    }
}
