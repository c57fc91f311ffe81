using ChangeLedger.Hosting;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChangeLedger.Exports;

/// <summary>
/// GET /v1/exports/trail — every event recorded in the range, in the order the ledger recorded them (global
/// sequence), with its metadata, its hash-chain links and its data exactly as stored, then a signed manifest.
/// A stream's repository is the one its first event names (a change's proposal, a policy's first version), so a
/// repository filter selects whole streams.
/// </summary>
public static class ExportTrail
{
    public static readonly ExportSpec Spec = new("trail", "event",
        [
            new("sequence", CellKind.Number), new("streamId", CellKind.Text), new("version", CellKind.Number), new("eventType", CellKind.Text),
            new("repository", CellKind.Text), new("actor", CellKind.Text), new("occurredAt", CellKind.Text), new("recordedAt", CellKind.Time),
            new("eventId", CellKind.Text), new("hash", CellKind.Text), new("prevHash", CellKind.Text), new("data", CellKind.Json),
            new("principal", CellKind.Text, Optional: true),
        ],
        Sql, Read)
    {
        Link = row => ((string)row[1]!, (long)row[2]!, (string?)row[9], (long)row[0]!),
        Seal = (services, plain, heads, last, ct) => Integrity.SignedTrailManifest.Seal(services, plain, heads, last, ct),
    };

    private static string Sql(ExportRequest r, NpgsqlCommand command) => $"""
        select e.seq_id, e.stream_id, e.version, e.type, p.data ->> 'repository', e.headers ->> 'actor',
               coalesce(e.headers ->> 'occurredAt', e.data ->> 'occurredAt'), e.timestamp, e.headers ->> 'eventId',
               e.headers ->> 'hash', e.headers ->> 'prevHash', e.data::text, e.headers ->> 'principal'
        from {ExportRun.Events} e
        left join {ExportRun.Events} p on p.stream_id = e.stream_id and p.version = 1
        where {r.RangeSql("e.timestamp", command)}
          and {r.Scope.Sql("(p.data ->> 'repository')", r.Repository, command)}
          and {r.Scope.StreamSql("e.stream_id")}
        order by e.seq_id
        """;

    private static object?[] Read(NpgsqlDataReader row) =>
    [
        row.GetInt64(0), row.GetString(1), row.GetInt64(2), row.GetString(3), Text(row, 4), Text(row, 5), Text(row, 6),
        row.GetFieldValue<DateTimeOffset>(7), Text(row, 8), Text(row, 9), Text(row, 10), row.GetString(11), Text(row, 12),
    ];

    private static string? Text(NpgsqlDataReader row, int i) => row.IsDBNull(i) ? null : row.GetString(i);

    public static void Map(RouteGroupBuilder exports) =>
        ExportRun.Map(exports, Spec, ExportFormat.Ndjson, "ExportTrail",
            "Every event in a recordedAt range with metadata and data, streamed as NDJSON or CSV", ExportRun.NdjsonType);
}
