using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ChangeLedger.Hosting;

/// <summary>
/// How far the asynchronous projections (the cross-change views) are behind the newest event, in events. Ready fails
/// when the furthest behind lags more than <c>Projections:MaxLagEvents</c> (default 10,000); the lag is also a metric.
/// </summary>
public sealed class ProjectionLagHealthCheck(IDocumentStore store, Microsoft.Extensions.Options.IOptions<ProjectionSettings> settings, DatabaseOutage outage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            return await Lags(ct);
        }
        catch (Exception ex) when (DatabaseOutage.IsOutage(ex))
        {
            // This probe may be the first to meet an outage: it declares it (logged once), instead of a stack trace.
            outage.Failed(ex, probe: true);
            return HealthCheckResult.Unhealthy($"Projection lag unknown: PostgreSQL unavailable since {outage.Since:O}.");
        }
    }

    private async Task<HealthCheckResult> Lags(CancellationToken ct)
    {
        var bound = settings.Value.MaxLagEvents;
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            with head as (select coalesce(max(seq_id), 0) as mark from {LedgerStorage.Schema}.mt_events)
            select p.name, head.mark - p.last_seq_id, head.mark
            from head, {LedgerStorage.Schema}.mt_event_progression p where p.name like '%:%' -- projection shards ('PersonActivity:All'), not the daemon's own marks
            """, connection);
        var lags = new Dictionary<string, long>();
        long highWaterMark = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var lag = Math.Max(0, reader.GetInt64(1));
                lags[reader.GetString(0)] = lag;
                highWaterMark = reader.GetInt64(2);
            }
        LedgerMetrics.Projections(highWaterMark, lags);
        var worst = lags.Count == 0 ? 0 : lags.Values.Max();
        var description = lags.Count == 0 ? "No asynchronous projection has started yet." : $"Furthest behind: {worst} events (bound {bound}).";
        return worst > bound ? HealthCheckResult.Unhealthy(description, data: Data(lags)) : HealthCheckResult.Healthy(description, Data(lags));
    }

    private static Dictionary<string, object> Data(Dictionary<string, long> lags) => lags.ToDictionary(l => l.Key, l => (object)l.Value);
}
