using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ChangeLedger.LoadTests;

/// <summary>Closed-loop workers: each sends its next request when the previous one answered, until time or the request budget runs out.</summary>
public static class Runner
{
    public static async Task<TimeSpan> Run(Scenario scenario, int concurrency, TimeSpan duration, long maxRequests, Recorder recorder)
    {
        long issued = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var latencies = new List<long>(4096);
            while (clock.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests)
            {
                var start = Stopwatch.GetTimestamp();
                var outcome = await scenario.Step(worker);
                latencies.Add(Stopwatch.GetTimestamp() - start);
                recorder.Count(outcome);
            }
            recorder.Add(latencies);
        }));
        await Task.WhenAll(workers);
        return clock.Elapsed;
    }
}

/// <summary>Collects latencies and outcomes from every worker; answers the report.</summary>
public sealed class Recorder
{
    private readonly ConcurrentBag<List<long>> _latencies = [];
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, long> _refusedItems = new();
    private long _requests;
    private long _events;

    public void Count(Outcome outcome)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _events, outcome.Events);
        if (!outcome.Answer.Ok)
            _errors.AddOrUpdate(outcome.Answer.Status == 0 ? $"transport:{outcome.Answer.Error}" : outcome.Answer.Status.ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
        foreach (var (status, count) in outcome.RefusedItems ?? new Dictionary<int, int>())
            _refusedItems.AddOrUpdate(status, count, (_, n) => n + count);
    }

    public void Add(List<long> latencies) => _latencies.Add(latencies);

    public sealed record Result(string Text, string Line, bool Failed, string FailureSummary);

    public Result Report(Options options, TimeSpan elapsed)
    {
        var all = _latencies.SelectMany(l => l).Order().ToArray();
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Percentile(double p) => all.Length == 0 ? 0 : Ms(all[Math.Min(all.Length - 1, (int)Math.Ceiling(p / 100 * all.Length) - 1)]);
        var seconds = elapsed.TotalSeconds;
        var rps = _requests / seconds;
        var eps = _events / seconds;
        var (p50, p95, p99, max) = (Percentile(50), Percentile(95), Percentile(99), all.Length == 0 ? 0 : Ms(all[^1]));
        var serverErrors = _errors.Where(e => e.Key.StartsWith('5')).Sum(e => e.Value);
        var transport = _errors.Where(e => e.Key.StartsWith("transport:", StringComparison.Ordinal)).Sum(e => e.Value);
        var itemErrors = _refusedItems.Sum(e => e.Value);
        var errors = _errors.IsEmpty ? "none" : string.Join(", ", _errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}×{e.Value}"));
        var items = _refusedItems.IsEmpty ? "none" : string.Join(", ", _refusedItems.OrderBy(e => e.Key).Select(e => $"{e.Key}×{e.Value}"));

        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"scenario {options.Scenario}, concurrency {options.Concurrency}, {seconds:F1} s")
            .AppendLine(CultureInfo.InvariantCulture, $"  requests   {_requests} = {rps:F1} requests/s")
            .AppendLine(CultureInfo.InvariantCulture, $"  events     {_events} = {eps:F1} events/s")
            .AppendLine(CultureInfo.InvariantCulture, $"  latency ms p50 {p50:F1}  p95 {p95:F1}  p99 {p99:F1}  max {max:F1}")
            .AppendLine(CultureInfo.InvariantCulture, $"  non-2xx    {errors}")
            .Append(CultureInfo.InvariantCulture, $"  refused batch items by status: {items}")
            .ToString();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"RESULT scenario={options.Scenario} concurrency={options.Concurrency} seconds={seconds:F1} requests={_requests} rps={rps:F1} " +
            $"events={_events} eps={eps:F1} p50={p50:F1} p95={p95:F1} p99={p99:F1} max={max:F1} errors={errors.Replace(' ', '_')} items={items.Replace(' ', '_')}");
        var failed = serverErrors > 0 || transport > 0 || itemErrors > 0;
        var summary = string.Create(CultureInfo.InvariantCulture, $"{serverErrors} 5xx, {transport} transport errors, {itemErrors} refused batch items");
        return new Result(text, line, failed, summary);
    }
}
