using System.Text.RegularExpressions;
using System.Xml;
using ChangeLedger.Contracts;

namespace ChangeLedger.Contracts.Reports;

/// <summary>
/// A JUnit XML report (the Ant/Surefire schema every test runner writes): counts the testcase elements and how each
/// ended (a failure, error or skipped child), rather than trusting the suites' own totals, which some runners fill
/// with subtests or leave out. A case with an error is an error, else with a failure a failure, else skipped if so.
/// </summary>
/// <remarks>
/// The acceptance criteria a report's test cases name (docs/policy.md, criteria-covered): a bracketed id in a case's
/// name, such as <c>[AC-2]</c> (letters, then a hyphen and a number), or a property <c>criterion</c> of the case
/// (<c>&lt;property name="criterion" value="AC-2"/&gt;</c>, as JUnit 5 and pytest's record_property write it).
/// </remarks>
public static partial class JUnit
{
    public static TestReportSummary Summarise(Stream report) => Read(report, criteria: false).Summary;

    /// <summary>The summary and, when asked, the criterion ids its cases name, in order of first mention.</summary>
    public sealed record Report(TestReportSummary Summary, IReadOnlyList<string> Criteria);

    [GeneratedRegex(@"\[([A-Za-z][A-Za-z0-9._]*-[0-9]+)\]")]
    private static partial Regex NamedCriterion();

    /// <param name="report">The JUnit XML.</param>
    /// <param name="criteria">Whether to read the criteria too: every case's name is then read as a string, which a summary alone never allocates.</param>
    public static Report Read(Stream report, bool criteria)
    {
        var named = new List<string>();
        var (tests, failures, errors, skipped) = (0, 0, 0, 0);
        Walk(report,
            opened: xml =>
            {
                tests++;
                if (criteria)
                    foreach (Match m in NamedCriterion().Matches(xml.GetAttribute("name") ?? "")) named.Add(m.Groups[1].Value);
            },
            inside: xml =>
            {
                if (criteria && xml.LocalName == "property" && xml.GetAttribute("name") == "criterion" && xml.GetAttribute("value") is { Length: > 0 } id) named.Add(id.Trim());
            },
            ended: ending =>
            {
                if (ending == Ending.Errored) errors++;
                else if (ending == Ending.Failed) failures++;
                else if (ending == Ending.Skipped) skipped++;
            });
        return new Report(new TestReportSummary(tests, failures, errors, skipped, "junit"), [.. named.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>How a test case ended, in rising precedence: an error child makes it an error, else a failure child a failure, else a skipped child skipped.</summary>
    public enum Ending { Passed, Skipped, Failed, Errored }

    /// <summary>
    /// The one reading of a report's structure: checks the root, then for each testcase element (a testcase inside
    /// another is read as part of it) calls <paramref name="opened"/> on it (its attributes), <paramref name="inside"/>
    /// on each element within it, and <paramref name="ended"/> with how it ended.
    /// </summary>
    public static void Walk(Stream report, Action<XmlReader> opened, Action<XmlReader> inside, Action<Ending> ended)
    {
        using var xml = XmlReader.Create(report, Settings);
        var (sawRoot, inCase, caseDepth, ending) = (false, false, 0, Ending.Passed);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                if (!sawRoot)
                {
                    sawRoot = true;
                    if (xml.LocalName is not ("testsuites" or "testsuite"))
                        throw new ReportException($"not a JUnit report: the root element is <{xml.LocalName}>, not <testsuites> or <testsuite>.");
                }
                if (!inCase && xml.LocalName == "testcase")
                {
                    opened(xml);
                    if (xml.IsEmptyElement) ended(Ending.Passed);
                    else (inCase, caseDepth, ending) = (true, xml.Depth, Ending.Passed);
                }
                else if (inCase)
                {
                    var child = xml.LocalName switch { "error" => Ending.Errored, "failure" => Ending.Failed, "skipped" => Ending.Skipped, _ => Ending.Passed };
                    if (child > ending) ending = child;
                    inside(xml);
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement && inCase && xml.Depth == caseDepth)
            {
                inCase = false;
                ended(ending);
            }
        }
        if (!sawRoot) throw new ReportException("not a JUnit report: no root element.");
    }

    /// <summary>No DTD is processed and nothing is fetched: a report is data, never a reason to open a URL or expand entities.</summary>
    public static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };
}
