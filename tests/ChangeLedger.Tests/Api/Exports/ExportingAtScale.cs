using ChangeLedger.Tests.Support;
using Npgsql;

namespace ChangeLedger.Tests.Api.Exports;

/// <summary>Memory is measured process-wide, so nothing else may run meanwhile.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

[Collection(nameof(MemoryMeasurements))]
public sealed class ExportingAtScale(LedgerApp app) : IClassFixture<LedgerApp>
{
    public const int Changes = 50_000;
    private const int Rows = Changes * 4;
    private const long Bound = 16 * 1024 * 1024;

    [Fact]
    public async Task exporting_200000_ownership_rows_never_holds_more_than_a_small_bounded_part_of_them()
    {
        await Seed(app);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;

        using var response = await app.Client.GetAsync("/v1/exports/ownership?format=ndjson&to=2027-01-01T00:00:00Z", HttpCompletionOption.ResponseHeadersRead);
        await response.ShouldHaveStatus(200);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long bytes = 0, lines = 0, nextSample = 0;
        for (int read; (read = await body.ReadAsync(buffer)) > 0;)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            if (bytes < nextSample) continue;
            // Live objects only: garbage from rows already written does not count, rows still held would.
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            nextSample = bytes + 4 * 1024 * 1024;
        }

        lines.ShouldBe(Rows + 1);
        bytes.ShouldBeGreaterThan(4 * Bound, "the export must be much larger than the bound for the bound to mean anything");
        peak.ShouldBeLessThan(Bound, $"the heap grew by {peak / 1024 / 1024} MiB while streaming {bytes / 1024 / 1024} MiB of rows");
    }

    internal static async Task Seed(LedgerApp app)
    {
        if (await app.Count("select count(*) from ledger.mt_streams where id = 'bulk-1'") > 0) return;
        var sql = await File.ReadAllTextAsync(Path.Combine(PostgresServer.RepositoryRoot(), "bench", "seed-ownership.sql"));
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set seed.streams = {Changes}; set seed.start = '2026-01-01T00:00:00Z';\n{sql}", connection)
        {
            CommandTimeout = 120,
        };
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// An abandoned export on the same large ledger. It measures the database, not this process's memory, so it runs beside
/// the other classes rather than alone with <see cref="ExportingAtScale"/>.
/// </summary>
public sealed class AbandoningALargeExport(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_client_that_goes_away_mid_export_leaves_no_export_query_running()
    {
        await ExportingAtScale.Seed(app);
        var response = await app.Client.GetAsync("/v1/exports/trail?format=ndjson&to=2027-01-01T00:00:00Z", HttpCompletionOption.ResponseHeadersRead);
        await response.ShouldHaveStatus(200);
        var body = await response.Content.ReadAsStreamAsync();
        await body.ReadExactlyAsync(new byte[64 * 1024]);
        var runningWhileRead = await ExportQueriesRunning();

        response.Dispose();
        var running = runningWhileRead;
        for (var i = 0; i < 200 && running > 0; i++)
        {
            await Task.Delay(50);
            running = await ExportQueriesRunning();
        }

        runningWhileRead.ShouldBe(1);
        running.ShouldBe(0);
    }

    private Task<long> ExportQueriesRunning() =>
        app.Count($"select count(*) from pg_stat_activity where datname = '{app.Database}' and backend_type = 'client backend' and state = 'active' and query like '%left join ledger.mt_events p%' and pid <> pg_backend_pid()");
}
