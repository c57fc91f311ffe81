using System.Globalization;
using ChangeLedger.Contracts;
using ChangeLedger.Exports;

namespace ChangeLedger.Audits;

/// <summary>
/// An audit as CSV for a spreadsheet: one row per release in the ledger's order, written as it is read, its exception (if any) beside it.
/// Cells are RFC 4180 and formula-safe (<see cref="Csv"/>): a justification starting with '=', '+', '-' or '@' stays text.
/// The signed JSON report is the one that proves itself; this is its table.
/// </summary>
public static class AuditCsv
{
    public const string Header = "sequence,recordedAt,repository,changeId,eventVersion,version,releasedBy,kind,failedRules,overrideBy,overrideJustification,openIncidents,trail";

    /// <summary>One release's line, its exception (if any) beside it; CRLF-terminated.</summary>
    public static string Row(AuditRelease r, AuditException? e)
    {
        string[] cells =
        [
            r.Sequence.ToString(CultureInfo.InvariantCulture), ExportFile.Time(r.RecordedAt), r.Repository, r.ChangeId, r.EventVersion.ToString(CultureInfo.InvariantCulture),
            r.Version, r.ReleasedBy, r.Kind ?? "", string.Join(' ', e?.FailedRules ?? []), e?.Override?.By ?? "", e?.Override?.Justification ?? "",
            string.Join("; ", e?.OpenIncidents ?? []), AuditTally.Trail(r.ChangeId),
        ];
        return string.Join(',', cells.Select(Csv.Cell)) + "\r\n";
    }

    public static string FileName(AuditQuery q) =>
        $"changeledger-audit_{q.Environment}_{q.From.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}_{q.To.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.csv";
}
