using ChangeLedger.Hosting;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChangeLedger.Exports;

/// <summary>
/// GET /v1/exports/trail — every event recorded in the range, in the order the ledger recorded them (global
/// sequence), with its metadata and its data exactly as stored. A stream's repository is the one its first event names
/// (a change's proposal, a policy's first version), so a repository filter selects whole streams.
/// </summary>
public static class ExportTrail
{
    public static readonly ExportSpec Spec = new("trail", "event",
        [
            new("sequence", CellKind.Number), new("streamId", CellKind.Text), new("version", CellKind.Number), new("eventType", CellKind.Text),
            new("repository", CellKind.Text), new("occurredAt", CellKind.Text), new("recordedAt", CellKind.Time), new("eventId", CellKind.Text),
            new("data", CellKind.Json),
        ],
        Sql, Read);

    private static string Sql(ExportRequest r, NpgsqlCommand command) => $"""
        select e.seq_id, e.stream_id, e.version, e.type, p.data ->> 'repository', e.data ->> 'occurredAt', e.timestamp,
               e.headers ->> 'eventId', e.data::text
        from {ExportRun.Events} e
        left join {ExportRun.Events} p on p.stream_id = e.stream_id and p.version = 1
        where {r.RangeSql("e.timestamp", command)}
          and {r.Scope.Sql("(p.data ->> 'repository')", r.Repository, command)}
        order by e.seq_id
        """;

    private static object?[] Read(NpgsqlDataReader row) =>
    [
        row.GetInt64(0), row.GetString(1), row.GetInt64(2), row.GetString(3), row.IsDBNull(4) ? null : row.GetString(4),
        row.IsDBNull(5) ? null : row.GetString(5), row.GetFieldValue<DateTimeOffset>(6), row.IsDBNull(7) ? null : row.GetString(7),
        row.GetString(8),
    ];

    public static void Map(RouteGroupBuilder exports)
    {
        exports.MapGet("/trail", (DateTimeOffset? from, DateTimeOffset? to, string? repository, string? format, IQuerySession session,
                TimeProvider clock, HttpContext http, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
            {
                var (request, problem) = ExportRequest.Parse(from, to, repository, format, ExportFormat.Ndjson, clock.GetUtcNow());
                return problem is not null ? Problems.Result(problem) : ExportRun.Respond(Spec, request!, session, http, ExportRun.Json(json));
            })
            .WithName("ExportTrail").WithSummary("Every event in a recordedAt range with metadata and data, streamed as NDJSON or CSV")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson").ProducesValidationProblem();

        exports.MapGet("/trail/manifest", async (DateTimeOffset? from, DateTimeOffset? to, string? repository, string? format,
                IQuerySession session, TimeProvider clock, CancellationToken ct) =>
            {
                var (request, problem) = ExportRequest.Parse(from, to, repository, format, ExportFormat.Ndjson, clock.GetUtcNow());
                return problem is not null ? Problems.Result(problem) : Results.Ok(await ExportRun.Manifest(Spec, request!, session, ct));
            })
            .WithName("ExportTrailManifest").WithSummary("The manifest of the same trail export: row count, query, SHA-256")
            .Produces<Contracts.ExportManifest>().ProducesValidationProblem();
    }
}
