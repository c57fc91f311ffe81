using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeLedger.ReliabilityTests.Support;

namespace ChangeLedger.ReliabilityTests;

/// <summary>
/// PostgreSQL (a private cluster) stopped abruptly under load: 503s within the request timeout, never a 2xx for a write
/// that did not commit, /health/ready unhealthy within 10 s, recovery without restarting the service, and then the
/// crash criteria hold.
/// </summary>
public sealed class SurvivingADatabaseOutage(ITestOutputHelper output)
{
    [Fact(Timeout = 240_000)]
    public async Task an_abrupt_stop_answers_503_and_the_service_recovers_by_itself()
    {
        await using var cluster = await Cluster.Private();
        var database = await cluster.NewDatabase();
        await using var service = new ServiceProcess(Service.Launch, database);
        await service.Start();
        await service.WarmUp();

        var requestTimeout = TimeSpan.FromSeconds(20);
        var load = new Load(service, clients: 8, maxRequestsPerClient: 2000, requestTimeout: requestTimeout);
        using var stop = new CancellationTokenSource();
        var running = load.Run(stop.Token);
        await Task.Delay(2000);

        var outageStarted = Stopwatch.StartNew();
        await cluster.StopAbruptly();
        using var probe = service.Client(TimeSpan.FromSeconds(5), key: "");
        probe.DefaultRequestHeaders.Authorization = null;
        TimeSpan? unhealthyAfter = null;
        while (outageStarted.Elapsed < TimeSpan.FromSeconds(15))
        {
            var ready = await probe.GetAsync("/health/ready");
            if ((int)ready.StatusCode == 503)
            {
                unhealthyAfter = outageStarted.Elapsed;
                (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("postgresql")
                    .GetProperty("description").GetString()!.ShouldContain("PostgreSQL unavailable");
                break;
            }
            await Task.Delay(250);
        }
        await Task.Delay(TimeSpan.FromSeconds(5));
        var outageLasted = outageStarted.Elapsed;

        await cluster.Start();
        var restarted = Stopwatch.StartNew();
        using var http = service.Client(TimeSpan.FromSeconds(10));
        TimeSpan? recoveredAfter = null;
        while (restarted.Elapsed < TimeSpan.FromSeconds(60))
        {
            var (status, _) = await Load.Send(http, "/v1/changes", new ChangeLedger.Contracts.ProposeChangeRequest(
                "after-" + Guid.NewGuid().ToString("N")[..8], "github.com/acme/reliability", "After the outage", "c0ffee1", null, "alice", "ci-bot",
                new ChangeLedger.Contracts.OriginBody(ChangeLedger.Contracts.OriginKind.Human)));
            if (status == 201) { recoveredAfter = restarted.Elapsed; break; }
            await Task.Delay(250);
        }
        await Task.Delay(1000);
        stop.Cancel();
        await running;

        var attempts = load.Attempts.ToList();
        var acknowledged = attempts.Where(a => a.Status == 201).Select(a => a.EventId).ToHashSet(StringComparer.Ordinal);
        foreach (var attempt in attempts.Where(a => a.Status is 0 or >= 500)) await Load.Send(http, attempt.Path, attempt.Body);
        var stored = await Behind.EventsPerEventId(database, load.Prefix);
        var lost = acknowledged.Count(id => !stored.ContainsKey(id));
        var doubled = stored.Count(s => s.Value != 1);
        var gaps = await Behind.StreamsWithGaps(database);
        var intact = await Behind.ChainsVerify(http);
        var outageLines = service.Output.Count(l => l.Contains("PostgreSQL is unavailable", StringComparison.Ordinal));
        var printed = service.Output.ToList();
        var traces = printed.Count(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        var recoveryLines = printed.Count(l => l.Contains("PostgreSQL is available again", StringComparison.Ordinal));
        var errorLines = printed.Count(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
        // What the service logged at Warning and above, so a failure shows it.
        foreach (var line in printed.Where((l, i) => IsLevel(l) || (i > 0 && IsLevel(printed[i - 1])))) output.WriteLine("service: " + line);
        Figures.Record(output, "database-outage", new
        {
            requests = attempts.Count, acknowledged = acknowledged.Count, lost, doubled, streamsWithGaps = gaps, chainsIntact = intact,
            answered503 = attempts.Count(a => a.Status == 503), other5xx = attempts.Count(a => a.Status >= 500 && a.Status != 503),
            unanswered = attempts.Count(a => a.Status == 0), slowestMs = (int)attempts.Max(a => a.Took).TotalMilliseconds,
            unhealthyAfterMs = (int?)unhealthyAfter?.TotalMilliseconds, outageMs = (int)outageLasted.TotalMilliseconds,
            recoveredAfterRestartMs = (int?)recoveredAfter?.TotalMilliseconds, outageWarnings = outageLines, recoveryLines, errorLines, stackTraceLines = traces,
        });

        attempts.Count(a => a.Status == 503).ShouldBeGreaterThan(0);
        attempts.Count(a => a.Status >= 500 && a.Status != 503).ShouldBe(0);
        attempts.Max(a => a.Took).ShouldBeLessThan(requestTimeout);
        unhealthyAfter.ShouldNotBeNull();
        unhealthyAfter!.Value.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        recoveredAfter.ShouldNotBeNull();
        lost.ShouldBe(0);
        doubled.ShouldBe(0);
        gaps.ShouldBe(0);
        intact.ShouldBeTrue();
        outageLines.ShouldBe(1);
        recoveryLines.ShouldBe(1);
        errorLines.ShouldBe(0);
        traces.ShouldBe(0);
    }

    private static bool IsLevel(string line) =>
        line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);
}
