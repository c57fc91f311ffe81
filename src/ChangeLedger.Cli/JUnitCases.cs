using System.Xml;
using ChangeLedger.Contracts.Reports;

namespace ChangeLedger.Cli;

/// <summary>
/// The test cases of a JUnit report by name (classname.name, or name alone) and whether each passed: validate --first
/// compares the base run's with the head's. A case with a failure or error child failed; a skipped one neither passed nor failed.
/// </summary>
public static class JUnitCases
{
    public enum Ending { Passed, Failed, Skipped }

    public static IReadOnlyDictionary<string, Ending> Read(Stream report)
    {
        using var xml = XmlReader.Create(report, JUnit.Settings);
        var cases = new Dictionary<string, Ending>(StringComparer.Ordinal);
        var (sawRoot, inCase, depth, name, ending) = (false, false, 0, "", Ending.Passed);
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
                    name = xml.GetAttribute("classname") is { Length: > 0 } cls ? $"{cls}.{xml.GetAttribute("name")}" : xml.GetAttribute("name") ?? "";
                    if (xml.IsEmptyElement) Keep(cases, name, Ending.Passed);
                    else (inCase, depth, ending) = (true, xml.Depth, Ending.Passed);
                }
                else if (inCase && xml.LocalName is "failure" or "error") ending = Ending.Failed;
                else if (inCase && xml.LocalName == "skipped" && ending == Ending.Passed) ending = Ending.Skipped;
            }
            else if (xml.NodeType == XmlNodeType.EndElement && inCase && xml.Depth == depth)
            {
                inCase = false;
                Keep(cases, name, ending);
            }
        }
        return sawRoot ? cases : throw new ReportException("not a JUnit report: no root element.");
    }

    /// <summary>A name reported twice (a retried case) counts as failed if any attempt failed.</summary>
    private static void Keep(Dictionary<string, Ending> cases, string name, Ending ending) =>
        cases[name] = cases.TryGetValue(name, out var before) && before == Ending.Failed ? Ending.Failed : ending;

    /// <summary>The cases that failed in the base report and passed in the head's, sorted by name.</summary>
    public static List<string> RedToGreen(IReadOnlyDictionary<string, Ending> @base, IReadOnlyDictionary<string, Ending> head) =>
        [.. head.Where(h => h.Value == Ending.Passed && @base.TryGetValue(h.Key, out var b) && b == Ending.Failed).Select(h => h.Key).Order(StringComparer.Ordinal)];
}
