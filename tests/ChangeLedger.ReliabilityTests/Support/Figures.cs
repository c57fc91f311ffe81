using System.Text.Json;

namespace ChangeLedger.ReliabilityTests.Support;

/// <summary>The measured figures of each scenario, printed and kept (TestResults/reliability-figures.json) for docs/reliability.md.</summary>
public static class Figures
{
    private static readonly Lock Gate = new();

    public static void Record(ITestOutputHelper output, string scenario, object figures)
    {
        var line = scenario + ": " + JsonSerializer.Serialize(figures);
        output.WriteLine(line);
        var file = Path.Combine(Published.RepositoryRoot(), "tests", "ChangeLedger.ReliabilityTests", "TestResults", "reliability-figures.jsonl");
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.AppendAllText(file, $"{DateTimeOffset.UtcNow:O} {line}\n");
        }
    }
}
