using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ChangeLedger.Hosting;

/// <summary>Ready means: PostgreSQL answers and the ledger's event table exists (and, in its own check, the projections keep up).</summary>
public sealed class LedgerDatabaseHealthCheck(IDocumentStore store, DatabaseOutage outage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        // A database that hangs rather than refuses must not hang the probe: it answers within a few seconds either way.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
            await connection.OpenAsync(bound.Token);
            await using var command = new NpgsqlCommand("select to_regclass(@table) is not null", connection);
            command.Parameters.AddWithValue("table", $"{LedgerStorage.Schema}.mt_events");
            var ready = (bool)(await command.ExecuteScalarAsync(bound.Token))!;
            outage.Recovered();
            return ready
                ? HealthCheckResult.Healthy("PostgreSQL reachable; ledger schema present.")
                : HealthCheckResult.Unhealthy("PostgreSQL reachable, but the ledger schema is missing.");
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            outage.Failed(new TimeoutException("PostgreSQL did not answer the readiness probe within 3 s."), probe: true);
            return HealthCheckResult.Unhealthy($"PostgreSQL unavailable since {outage.Since:O}: {outage.Reason}");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The probe talks to nothing but PostgreSQL: its timeout is the database's.
            if (ex is TimeoutException || DatabaseOutage.IsOutage(ex)) outage.Failed(ex, probe: true);
            return HealthCheckResult.Unhealthy($"PostgreSQL unavailable since {outage.Since:O}: {outage.Reason ?? ex.Message}");
        }
    }
}

public static class Health
{
    public static IServiceCollection AddLedgerHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<LedgerDatabaseHealthCheck>("postgresql", tags: ["ready"])
            // Bounded like the database check: a hung database must not hang the readiness probe.
            .AddCheck<ProjectionLagHealthCheck>("projections", failureStatus: null, tags: ["ready"], timeout: TimeSpan.FromSeconds(3));
        return services;
    }

    public static void MapLedgerHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write }).AllowAnonymous();
    }

    private static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description, data = e.Value.Data.Count == 0 ? null : e.Value.Data }),
        }));
    }
}
