using ChangeLedger.Hosting;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChangeLedger.Exports;

/// <summary>
/// GET /v1/exports/ownership — one row per ownership fact: the owner a change was proposed with (split children
/// included) and every transfer. Read from the event rows themselves, not a projection, so the export is exactly
/// what the ledger recorded. Repository and title come from the stream's first event, which every change starts with.
/// </summary>
public static class ExportOwnership
{
    public static readonly ExportSpec Spec = new("ownership", "ownership",
        [
            new("changeId", CellKind.Text), new("repository", CellKind.Text), new("title", CellKind.Text), new("owner", CellKind.Text),
            new("previousOwner", CellKind.Text), new("by", CellKind.Text), new("reason", CellKind.Text), new("occurredAt", CellKind.Time),
            new("recordedAt", CellKind.Time), new("eventVersion", CellKind.Number),
        ],
        Sql, Read);

    private static string Sql(ExportRequest r, NpgsqlCommand command) => $"""
        select e.stream_id, p.data ->> 'repository', p.data ->> 'title',
               case when e.type = 'change_proposed' then e.data ->> 'owner' else e.data ->> 'to' end,
               case when e.type = 'change_proposed' then null else e.data ->> 'from' end,
               case when e.type = 'change_proposed' then e.data ->> 'submittedBy' else e.data ->> 'by' end,
               case when e.type = 'change_proposed' then coalesce('split from ' || (e.data ->> 'parentChangeId'), 'proposed') else e.data ->> 'reason' end,
               e.data ->> 'occurredAt', e.timestamp, e.version
        from {ExportRun.Events} e
        join {ExportRun.Events} p on p.stream_id = e.stream_id and p.version = 1 and p.type = 'change_proposed'
        where e.type in ('change_proposed', 'ownership_transferred')
          and {r.RangeSql("e.timestamp", command)}
          and {r.Scope.Sql("(p.data ->> 'repository')", r.Repository, command)}
        order by e.timestamp, e.stream_id collate "C", e.version
        """;

    private static object?[] Read(NpgsqlDataReader row) =>
    [
        row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.IsDBNull(4) ? null : row.GetString(4),
        row.GetString(5), row.GetString(6), DateTimeOffset.Parse(row.GetString(7), System.Globalization.CultureInfo.InvariantCulture),
        row.GetFieldValue<DateTimeOffset>(8), row.GetInt64(9),
    ];

    public static void Map(RouteGroupBuilder exports) =>
        ExportRun.Map(exports, Spec, ExportFormat.Csv, "ExportOwnership",
            "Every ownership fact in a recordedAt range, streamed as CSV or NDJSON", ExportRun.CsvType);
}
