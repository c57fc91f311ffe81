using System.Diagnostics;
using System.Text.Json;
using ChangeLedger.Ingestion;

namespace ChangeLedger.Bench;

/// <summary>
/// What the CDEvents conformance check (CdEventConformance, the ledger's own rules) costs: the check of each example
/// the specification published of a type the ledger maps (0.3.0 to the 0.6 draft), round robin after a warm-up,
/// beside the baseline of parsing the same events (what the service does to each anyway). The examples are third-party
/// data, read from ../shared/vendor/cdevents-examples beside the repository; without it there is nothing to measure.
/// </summary>
public static class SchemaBench
{
    public static int Run(int seconds)
    {
        var root = new DirectoryInfo(Environment.CurrentDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ChangeLedger.sln"))) root = root.Parent ?? throw new InvalidOperationException("Run from inside the repository.");
        var examples = Path.GetFullPath(Path.Combine(root.FullName, "..", "shared", "vendor", "cdevents-examples"));
        if (!Directory.Exists(examples))
        {
            Console.Error.WriteLine($"schemas: the CDEvents examples are absent ({examples}, third-party data beside the repository); nothing measured.");
            return 3;
        }
        var texts = Directory.GetFiles(examples, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText)
            .Where(t => CdEventMapping.Mapped(JsonDocument.Parse(t).RootElement.GetProperty("context").GetProperty("type").GetString()!) is not null).ToArray();

        var first = Stopwatch.StartNew();
        var events = texts.Select(t => JsonDocument.Parse(t).RootElement.Clone()).ToArray();
        if (events.Any(e => CdEventConformance.Check(e) is not { Violations.Count: 0 })) throw new InvalidOperationException("an example does not conform");
        Console.WriteLine($"schemas: the rules of {CdEventReleases.Described.Count()} types and versions built and every example checked once in {first.Elapsed.TotalMilliseconds:F0} ms");

        Measure("warm-up", seconds, i => CdEventConformance.Check(events[i % events.Length]));
        var parse = Measure("baseline: parse the event", seconds, i => JsonDocument.Parse(texts[i % texts.Length]).Dispose());
        var check = Measure("check against its release's rules", seconds, i => CdEventConformance.Check(events[i % events.Length]));
        Console.WriteLine($"schemas: {events.Length} examples of mapped types; a check costs {check / parse:F1}x a parse of the same event");
        return 0;
    }

    /// <summary>Microseconds per operation over <paramref name="seconds"/>.</summary>
    private static double Measure(string what, int seconds, Action<int> operation)
    {
        var watch = Stopwatch.StartNew();
        var n = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
            for (var k = 0; k < 100; k++) operation(n++);
        var micros = watch.Elapsed.TotalMilliseconds * 1000 / n;
        if (what != "warm-up") Console.WriteLine($"schemas: {what}: {micros:F2} µs per event ({n / watch.Elapsed.TotalSeconds:F0} events/s on one core)");
        return micros;
    }
}
