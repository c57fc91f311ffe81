using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChangeLedger.Hosting;

/// <summary>
/// The ledger's own metrics, defined once on the <c>ChangeLedger</c> meter: what it did with writes, the events it
/// appended, the verdicts it recorded, and how far the asynchronous projections lag. Request rates and latencies are
/// ASP.NET Core's own meter (<c>http.server.request.duration</c>).
/// </summary>
public static class LedgerMetrics
{
    public const string MeterName = "ChangeLedger";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Writes = Meter.CreateCounter<long>(
        "changeledger.writes", "{write}", "Writes by operation and outcome status.");

    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>(
        "changeledger.events.appended", "{event}", "Events committed to the ledger, by event type.");

    public static readonly Counter<long> CdEventsIgnored = Meter.CreateCounter<long>(
        "changeledger.cdevents.ignored", "{event}", "CDEvents answered 202 (or 422 in strict mode) and not stored, by subject.predicate and reason.");

    public static readonly Counter<long> CdEventsNonconforming = Meter.CreateCounter<long>(
        "changeledger.cdevents.nonconforming", "{event}", "CDEvents recorded although they break their spec version's rules without changing their meaning, by subject.predicate.");

    public static readonly Counter<long> Verdicts = Meter.CreateCounter<long>(
        "changeledger.verdicts", "{verdict}", "Release verdicts recorded, by outcome (ready or held) and environment.");

    public static readonly Counter<long> MergedLines = Meter.CreateCounter<long>(
        "changeledger.merged.lines", "{line}", "Lines (added plus removed) merged into target branches, by origin (generated or human) and review (verified or not); merges of a head whose size was not recorded are not counted.");

    private static readonly ConcurrentDictionary<string, long> Lags = new();
    private static long _highWaterMark;

    static LedgerMetrics()
    {
        Meter.CreateObservableGauge("changeledger.projection.lag", () => Lags.Select(l => new Measurement<long>(l.Value, new KeyValuePair<string, object?>("projection", l.Key))),
            "{event}", "Events each asynchronous projection has yet to apply (sampled by the readiness probe).");
        Meter.CreateObservableGauge("changeledger.events.high_water_mark", () => Interlocked.Read(ref _highWaterMark),
            "{event}", "The newest event's sequence number (sampled by the readiness probe).");
    }

    public static void Projections(long highWaterMark, IReadOnlyDictionary<string, long> lags)
    {
        Interlocked.Exchange(ref _highWaterMark, highWaterMark);
        foreach (var (projection, lag) in lags) Lags[projection] = lag;
    }

    public static void Write(string operation, int status) =>
        Writes.Add(1, new("operation", operation), new("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static void Appended(object @event)
    {
        EventsAppended.Add(1, new KeyValuePair<string, object?>("type", @event.GetType().Name));
        if (@event is IRecordsVerdict recorded)
            Verdicts.Add(1, new("outcome", recorded.Verdict.Ready ? "ready" : "held"), new("environment", recorded.Verdict.Environment));
        if (@event is IRecordsMergedLines { Lines: { } lines })
            MergedLines.Add(lines.ChangedLines, new("origin", lines.Generated ? "generated" : "human"), new("review", lines.VerifiedReviewer is null ? "none" : "verified"));
    }
}

/// <summary>An event that records a release verdict: counted by outcome in <c>changeledger.verdicts</c>.</summary>
public interface IRecordsVerdict
{
    ChangeLedger.Contracts.ReleaseVerdict Verdict { get; }
}

/// <summary>An event that records lines merged: counted by origin and review in <c>changeledger.merged.lines</c>.</summary>
public interface IRecordsMergedLines
{
    ChangeLedger.Contracts.MergedLines? Lines { get; }
}

/// <summary>
/// OpenTelemetry traces and metrics: ASP.NET Core, HttpClient, Npgsql, Marten and Wolverine, and the ledger's own meter.
/// Prometheus text at GET /metrics (keyed like any read); OTLP as well when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class Telemetry
{
    /// <summary>
    /// Npgsql's own ActivitySource and Meter, subscribed by name. Not through the Npgsql.OpenTelemetry package: it exists
    /// here only for Npgsql 10, and lifting the driver from the 9.0.4 that Marten and Weasel are built against to 10.0.3
    /// made a hung (SIGSTOPped) database hang requests and the readiness probe for the whole freeze instead of failing
    /// them within the connect and command timeouts (SurvivingAHungDatabase).
    /// </summary>
    private const string NpgsqlSource = "Npgsql";

    public static WebApplicationBuilder AddLedgerTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "changeledger"));
        // Traces leave only by OTLP. Without it nothing subscribes to spans: recording one per request, statement and poll
        // that no exporter takes cost every read and every idle poll (docs/benchmarks.md).
        if (otlp)
            otel.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddSource(NpgsqlSource, "Marten", "Wolverine"));
        otel.WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(LedgerMetrics.MeterName, NpgsqlSource, "Marten", "Wolverine*")
                .AddPrometheusExporter());
        if (otlp) otel.UseOtlpExporter();
        return builder;
    }

    public static void MapLedgerMetrics(this WebApplication app, string readPolicy) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(readPolicy);
}
