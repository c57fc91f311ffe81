using System.Diagnostics;
using ChangeLedger.LoadTests;

// HTTP load generator for a running ChangeLedger service (bench/load.sh starts one and runs this against it).
//   --url http://127.0.0.1:5099  --key cl_…  (or CL_KEY)  --scenario single|batch|read
//   --duration 20 (seconds) | --requests N   --concurrency 8   [--warmup 3] [--per-change 20] [--batch-size 100]
//   [--batch-changes 50] [--read-changes 200]
// Reports requests/s, events/s, latency percentiles and every non-2xx by status. Exit code 1 when any 5xx,
// transport error or refused batch item occurred, so a script cannot mistake a failing run for a fast one.

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"load: {e.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

using var client = new LedgerClient(options);
var scenario = Scenario.For(options, client);

var seedWatch = Stopwatch.StartNew();
var seeded = await scenario.Seed();
if (seeded > 0) Console.WriteLine($"seeded {seeded} events in {seedWatch.Elapsed.TotalSeconds:F1} s");

if (options.Warmup > TimeSpan.Zero)
    await Runner.Run(scenario, options.Concurrency, options.Warmup, maxRequests: long.MaxValue, new Recorder());

var recorder = new Recorder();
var elapsed = await Runner.Run(scenario, options.Concurrency, options.Duration, options.MaxRequests, recorder);
var report = recorder.Report(options, elapsed);
Console.WriteLine(report.Text);
Console.WriteLine(report.Line);
if (report.Failed)
{
    Console.Error.WriteLine($"load: !!! {options.Scenario} c={options.Concurrency}: {report.FailureSummary} !!!");
    return 1;
}
return 0;
