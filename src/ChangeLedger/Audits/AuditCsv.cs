using System.Globalization;
using System.Text;
using ChangeLedger.Contracts;
using ChangeLedger.Exports;

namespace ChangeLedger.Audits;

/// <summary>
/// An audit as CSV for a spreadsheet: one row per release in the report's order, its exception (if any) beside it.
/// Cells are RFC 4180 and formula-safe (<see cref="Csv"/>): a justification starting with '=', '+', '-' or '@' stays text.
/// The signed JSON report is the one that proves itself; this is its table.
/// </summary>
public static class AuditCsv
{
    public const string Header = "sequence,recordedAt,repository,changeId,eventVersion,version,releasedBy,kind,failedRules,overrideBy,overrideJustification,openIncidents,trail";

    public static string Of(AuditReport report)
    {
        var exceptions = report.Exceptions.ToDictionary(e => (e.ChangeId, e.EventVersion));
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var r in report.Releases ?? [])
        {
            var e = exceptions.GetValueOrDefault((r.ChangeId, r.EventVersion));
            string[] cells =
            [
                r.Sequence.ToString(CultureInfo.InvariantCulture), ExportFile.Time(r.RecordedAt), r.Repository, r.ChangeId, r.EventVersion.ToString(CultureInfo.InvariantCulture),
                r.Version, r.ReleasedBy, r.Kind ?? "", string.Join(' ', e?.FailedRules ?? []), e?.Override?.By ?? "", e?.Override?.Justification ?? "",
                string.Join("; ", e?.OpenIncidents ?? []), AuditTally.Trail(r.ChangeId),
            ];
            csv.AppendJoin(',', cells.Select(Csv.Cell)).Append("\r\n");
        }
        return csv.ToString();
    }

    public static string FileName(AuditQuery q) =>
        $"changeledger-audit_{q.Environment}_{q.From.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}_{q.To.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.csv";
}
