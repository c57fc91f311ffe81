using System.Globalization;
using System.Xml;
using ChangeLedger.Contracts;

namespace ChangeLedger.Contracts.Reports;

/// <summary>A Cobertura XML coverage report: the root's lines-covered / lines-valid (or its line-rate) as a line coverage percent.</summary>
public static class Cobertura
{
    public static CoverageSummary Summarise(Stream report)
    {
        using var xml = XmlReader.Create(report, JUnit.Settings);
        if (xml.MoveToContent() != XmlNodeType.Element || xml.LocalName != "coverage")
            throw new ReportException($"not a Cobertura report: the root element is <{xml.LocalName}>, not <coverage>.");
        var covered = Long(xml.GetAttribute("lines-covered"));
        var valid = Long(xml.GetAttribute("lines-valid"));
        double? percent = valid is > 0 && covered is { } c ? 100.0 * c / valid.Value
            : double.TryParse(xml.GetAttribute("line-rate"), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) ? rate * 100 : null;
        if (percent is not { } p || p is < 0 or > 100)
            throw new ReportException("the <coverage> element has neither lines-covered and lines-valid nor a line-rate between 0 and 1.");
        return new CoverageSummary(Math.Round(p, 2), covered, valid, "cobertura");
    }

    private static long? Long(string? text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
