using System.Globalization;
using System.Net;

namespace ChangeLedger.LoadTests;

/// <summary>The command line. Every loop the program runs is bounded by <see cref="Duration"/> and <see cref="MaxRequests"/>.</summary>
public sealed record Options(
    Uri Url,
    string Key,
    string Scenario,
    int Concurrency,
    TimeSpan Duration,
    long MaxRequests,
    TimeSpan Warmup,
    int PerChange,
    int BatchSize,
    int BatchChanges,
    int ReadChanges)
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);
    public const long RequestCap = 2_000_000;

    public const string Usage =
        "usage: ChangeLedger.LoadTests --url http://127.0.0.1:5099 --key cl_… --scenario single|batch|read " +
        "[--duration 20 | --requests N] [--concurrency 8] [--warmup 3] [--per-change 20] [--batch-size 100] " +
        "[--batch-changes 50] [--read-changes 200]";

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected '--name value', got '{args[i]}'");
            values[args[i][2..]] = args[++i];
        }
        string? Get(string name) => values.Remove(name, out var v) ? v : null;
        int Int(string name, int fallback, int min, int max)
        {
            var text = Get(name);
            if (text is null) return fallback;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
                throw new ArgumentException($"--{name} is a whole number from {min} to {max}");
            return n;
        }

        var url = new Uri(Get("url") ?? "http://127.0.0.1:5099", UriKind.Absolute);
        // A load generator must not be pointed at someone else's server by accident.
        if (!(url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
            throw new ArgumentException($"--url must be a loopback address (127.0.0.1, ::1, localhost), not '{url.Host}'");
        var key = Get("key") ?? Environment.GetEnvironmentVariable("CL_KEY")
            ?? throw new ArgumentException("--key (or CL_KEY) is required");
        var scenario = Get("scenario") ?? "single";
        if (scenario is not ("single" or "batch" or "read")) throw new ArgumentException("--scenario is single, batch or read");

        var requests = Get("requests");
        var seconds = Int("duration", requests is null ? 20 : (int)MaxDuration.TotalSeconds, 1, (int)MaxDuration.TotalSeconds);
        long maxRequests = RequestCap;
        if (requests is not null && (!long.TryParse(requests, NumberStyles.None, CultureInfo.InvariantCulture, out maxRequests) || maxRequests < 1 || maxRequests > RequestCap))
            throw new ArgumentException($"--requests is a whole number from 1 to {RequestCap}");

        var options = new Options(
            url, key, scenario,
            Concurrency: Int("concurrency", 8, 1, 512),
            Duration: TimeSpan.FromSeconds(seconds),
            MaxRequests: maxRequests,
            Warmup: TimeSpan.FromSeconds(Int("warmup", 3, 0, 60)),
            PerChange: Int("per-change", 20, 1, 10_000),
            BatchSize: Int("batch-size", 100, 1, 500),
            BatchChanges: Int("batch-changes", 50, 1, 500),
            ReadChanges: Int("read-changes", 200, 1, 100_000));
        if (values.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
        return options;
    }
}
