using System.Globalization;
using ChangeLedger.Contracts;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace ChangeLedger.Audits;

/// <summary>
/// An audit as a PDF an auditor can file: the period and checkpoint, the figures per repository and in total, every
/// exception with its override and trail, the sample, how to verify, and which controls each rule provides evidence
/// for. Its fonts come from the PDFsharp package (Segoe WP, embedded in PdfSharp.WPFonts), so the service needs none
/// installed (the chiseled image has none).
/// </summary>
public static class AuditPdf
{
    /// <summary>The controls each rule's record is evidence for; stated as evidence provided, never as certification.</summary>
    public static readonly IReadOnlyDictionary<string, string> Controls = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["min-approvals"] = "SOC 2 CC8.1 (changes approved); ISO/IEC 27001:2022 A.8.32 (change management)",
        ["generated-change-human-review"] = "SOC 2 CC8.1; ISO/IEC 27001:2022 A.8.32, A.8.25 (secure development life cycle)",
        ["required-check"] = "SOC 2 CC8.1 (changes tested); ISO/IEC 27001:2022 A.8.25, A.8.29 (security testing in development and acceptance)",
        ["tests-pass"] = "SOC 2 CC8.1; ISO/IEC 27001:2022 A.8.29",
        ["min-coverage"] = "ISO/IEC 27001:2022 A.8.29",
        ["no-error-findings"] = "ISO/IEC 27001:2022 A.8.28 (secure coding), A.8.29",
        ["sbom-attached"] = "ISO/IEC 27001:2022 A.8.25",
        ["within-declared-scope"] = "SOC 2 CC8.1 (authorised scope); ISO/IEC 27001:2022 A.8.32",
        ["promotion-order"] = "ISO/IEC 27001:2022 A.8.29 (acceptance before production), A.8.32",
        ["no-open-holds"] = "SOC 2 CC8.1; ISO/IEC 27001:2022 A.8.32",
        ["no-open-incident"] = "ISO/IEC 27001:2022 A.8.32",
        ["status-allows-release"] = "ISO/IEC 27001:2022 A.8.32",
        ["not-already-released"] = "ISO/IEC 27001:2022 A.8.32",
    };

    public const string Statement =
        "This report is evidence of how changes were controlled, as the ledger recorded them; it is not a certification, an audit opinion or an " +
        "attestation of compliance with SOC 2 or ISO/IEC 27001. ISO/IEC 27001:2022 A.8.26 (application security requirements) and A.8.27 " +
        "(secure architecture and engineering principles) are not evidenced by release rules.";

    static AuditPdf() => GlobalFontSettings.FontResolver = new PackagedFonts();

    public static byte[] Of(AuditReport report)
    {
        var document = new PdfDocument();
        document.Info.Title = $"ChangeLedger audit: {report.Query.Environment}";
        var writer = new Writer(document);
        var q = report.Query;
        writer.Line($"Audit of releases to {q.Environment}", 16, bold: true);
        writer.Line($"Recorded in [{Time(q.From)}, {Time(q.To)})" + (q.Repositories.Count == 0 ? ", every repository the key sees" : ", repositories " + string.Join(", ", q.Repositories)));
        writer.Line($"Generated {Time(report.GeneratedAt)} at ledger checkpoint {report.Completeness?.LedgerTreeSize} (sequence {report.Completeness?.LedgerSequence})");
        writer.Gap();
        foreach (var figures in report.Repositories.Append(report.Total)) Figures(writer, figures);
        writer.Line($"Exceptions: {report.Exceptions.Count}", 12, bold: true);
        foreach (var e in report.Exceptions)
            writer.Line($"{e.ChangeId} ({e.Repository}), {e.Kind}, released {Time(e.RecordedAt)} by {e.ReleasedBy}" +
                        (e.Override is { } o ? $"; overridden by {o.By}: \"{o.Justification}\"" : "") +
                        (e.FailedRules.Count == 0 ? "" : "; failed " + string.Join(", ", e.FailedRules)) + $"; trail {e.Trail}");
        writer.Gap();
        if (report.Sample is { } sample)
        {
            writer.Line($"Sample of {sample.Size}, seed {sample.Seed}", 12, bold: true);
            writer.Line(sample.Procedure);
            foreach (var s in sample.Releases) writer.Line($"{s.ChangeId} ({s.Repository}) version {s.EventVersion}; trail {s.Trail}");
            writer.Gap();
        }
        writer.Line("Controls the rules provide evidence for", 12, bold: true);
        foreach (var (rule, controls) in Controls) writer.Line($"{rule}: {controls}");
        writer.Line(Statement);
        writer.Gap();
        writer.Line("Verifying", 12, bold: true);
        writer.Line("The JSON report of the same query carries a signed manifest and each repository's release log; " +
                    "changeledger audit verify report.json --public-key key.pem checks it offline (docs/audit.md).");
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private static void Figures(Writer writer, AuditFigures f)
    {
        writer.Line(f.Repository ?? "Total", 12, bold: true);
        writer.Line($"{f.Releases} release(s): {f.ThroughTheGate} through the gate, {f.Overridden} overridden, {f.OutsideTheGate} outside the gate, " +
                    $"{f.WithoutVerdict} without a verdict; {f.OpenIncidentsAtRelease} with an open incident; median lead time " +
                    (f.MedianLeadTimeSeconds is { } s ? TimeSpan.FromSeconds(s).ToString("c", CultureInfo.InvariantCulture) : "none") + $" over {f.FirstReleases} first release(s)");
        foreach (var rule in f.Rules)
            writer.Line($"    {rule.Rule}: {rule.Met} of {rule.Applied} met" + (rule.Share is { } share ? $" ({share.ToString("P1", CultureInfo.InvariantCulture)})" : ""));
        writer.Gap();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Lines on A4 pages, wrapped at word boundaries, a new page when one is full.</summary>
    private sealed class Writer(PdfDocument document)
    {
        private const double Margin = 50;
        private PdfPage? _page;
        private XGraphics? _graphics;
        private double _y;

        public void Gap() => _y += 8;

        public void Line(string text, double size = 9, bool bold = false)
        {
            var font = new XFont(PackagedFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            var words = text.Split(' ');
            var line = "";
            foreach (var word in words)
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Graphics().MeasureString(candidate, font).Width > _page!.Width.Point - 2 * Margin)
                {
                    Draw(line, font, size);
                    line = "    " + word;
                }
                else line = candidate;
            }
            Draw(line, font, size);
        }

        private void Draw(string text, XFont font, double size)
        {
            if (_graphics is null || _y + size * 1.4 > _page!.Height.Point - Margin) NewPage();
            _graphics!.DrawString(text, font, XBrushes.Black, new XPoint(Margin, _y + size));
            _y += size * 1.4;
        }

        private XGraphics Graphics()
        {
            if (_graphics is null) NewPage();
            return _graphics!;
        }

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }
    }

    /// <summary>The two faces the PDF uses, read from the PDFsharp package itself, so no font need be installed.</summary>
    private sealed class PackagedFonts : IFontResolver
    {
        public const string Family = "Ledger Sans";

        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            new(isBold ? "ledger-sans-bold" : "ledger-sans");

        public byte[]? GetFont(string faceName) =>
            faceName == "ledger-sans-bold" ? PdfSharp.WPFonts.FontDataHelper.SegoeWPBold : PdfSharp.WPFonts.FontDataHelper.SegoeWP;
    }
}
