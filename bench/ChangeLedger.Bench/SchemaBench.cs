using System.Diagnostics;
using System.Text.Json;
using ChangeLedger.Ingestion;

namespace ChangeLedger.Bench;

/// <summary>
/// What checking CDEvents against the specification's schemas costs: the first use (every schema loaded, every
/// reference resolved), then the check of each example the specification published (0.3.0 to the 0.6 draft), round
/// robin after a warm-up, beside the baseline of parsing the same events (what the service does to each anyway).
/// </summary>
public static class SchemaBench
{
    public static void Run(int seconds)
    {
        // The examples are the tests' fixtures: run from inside the repository (bench/run.sh runs it from the root).
        var root = new DirectoryInfo(Environment.CurrentDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ChangeLedger.sln"))) root = root.Parent ?? throw new InvalidOperationException("Run from inside the repository.");
        var fixtures = Path.Combine(root.FullName, "tests", "ChangeLedger.Tests", "Fixtures", "cdevents");
        var texts = Directory.GetFiles(fixtures, "*.json", SearchOption.AllDirectories).Select(File.ReadAllText).ToArray();

        var load = Stopwatch.StartNew();
        var sets = CdEventSchemas.Count();
        Console.WriteLine($"schemas: {sets.Values.Sum()} event schemas in {sets.Count} versions loaded and resolved on first use in {load.Elapsed.TotalMilliseconds:F0} ms");

        var events = texts.Select(t => JsonDocument.Parse(t).RootElement.Clone()).ToArray();
        if (events.Any(e => CdEventSchemas.Check(e) is not null)) throw new InvalidOperationException("an example does not conform");
        Measure("warm-up", seconds, i => CdEventSchemas.Check(events[i % events.Length]));
        var parse = Measure("baseline: parse the event", seconds, i => JsonDocument.Parse(texts[i % texts.Length]).Dispose());
        var check = Measure("check against its schema", seconds, i => CdEventSchemas.Check(events[i % events.Length]));
        Console.WriteLine($"schemas: {events.Length} examples; a check costs {check / parse:F1}x a parse of the same event");
    }

    /// <summary>Microseconds per operation over <paramref name="seconds"/>.</summary>
    private static double Measure(string what, int seconds, Action<int> operation)
    {
        var watch = Stopwatch.StartNew();
        var n = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
            for (var k = 0; k < 100; k++) operation(n++);
        var micros = watch.Elapsed.TotalMilliseconds * 1000 / n;
        if (what != "warm-up") Console.WriteLine($"schemas: {what}: {micros:F1} µs per event ({n / watch.Elapsed.TotalSeconds:F0} events/s on one core)");
        return micros;
    }
}
