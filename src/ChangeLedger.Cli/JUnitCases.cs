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
        var cases = new Dictionary<string, Ending>(StringComparer.Ordinal);
        var name = "";
        JUnit.Walk(report,
            opened: xml => name = xml.GetAttribute("classname") is { Length: > 0 } cls ? $"{cls}.{xml.GetAttribute("name")}" : xml.GetAttribute("name") ?? "",
            inside: _ => { },
            ended: ending => Keep(cases, name, ending switch { JUnit.Ending.Passed => Ending.Passed, JUnit.Ending.Skipped => Ending.Skipped, _ => Ending.Failed }));
        return cases;
    }

    /// <summary>A name reported twice (a retried case) counts as failed if any attempt failed.</summary>
    private static void Keep(Dictionary<string, Ending> cases, string name, Ending ending) =>
        cases[name] = cases.TryGetValue(name, out var before) && before == Ending.Failed ? Ending.Failed : ending;

    /// <summary>The cases that failed in the base report and passed in the head's, sorted by name.</summary>
    public static List<string> RedToGreen(IReadOnlyDictionary<string, Ending> @base, IReadOnlyDictionary<string, Ending> head) =>
        [.. head.Where(h => h.Value == Ending.Passed && @base.TryGetValue(h.Key, out var b) && b == Ending.Failed).Select(h => h.Key).Order(StringComparer.Ordinal)];
}
