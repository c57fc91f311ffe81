using Prometheus;

namespace ChangeLedger.Hosting;

/// <summary>
/// GET /metrics in Prometheus text: HTTP request rates and durations, and what the ledger did with its writes.
/// It needs a key like any read (Prometheus sends one with <c>authorization: {credentials: ...}</c>).
/// </summary>
public static class LedgerMetrics
{
    public static readonly Counter Writes = Prometheus.Metrics.CreateCounter(
        "changeledger_writes_total", "Writes by operation and outcome status.", "operation", "status");

    public static readonly Counter EventsAppended = Prometheus.Metrics.CreateCounter(
        "changeledger_events_appended_total", "Events committed to the ledger, by event type.", "type");

    public static readonly Counter CdEventsIgnored = Prometheus.Metrics.CreateCounter(
        "changeledger_cdevents_ignored_total", "CDEvents answered 202 (or 422 in strict mode) and not stored, by subject.predicate and reason.", "type", "reason");

    public static void UseLedgerMetrics(this WebApplication app, string readPolicy)
    {
        app.UseHttpMetrics();
        app.MapMetrics().RequireAuthorization(readPolicy);
    }
}
