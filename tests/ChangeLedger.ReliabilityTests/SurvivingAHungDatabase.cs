using System.Diagnostics;
using ChangeLedger.ReliabilityTests.Support;
using Npgsql;

namespace ChangeLedger.ReliabilityTests;

/// <summary>
/// PostgreSQL stops answering without refusing (every server process SIGSTOPped): requests end as 503 within the
/// configured bound (connect 5 s, command 5 s here) instead of hanging, and the pool recovers once it answers again.
/// </summary>
public sealed class SurvivingAHungDatabase(ITestOutputHelper output)
{
    [Fact(Timeout = 240_000)]
    public async Task requests_time_out_into_503_and_the_pool_recovers()
    {
        await using var cluster = await Cluster.Private();
        var database = new NpgsqlConnectionStringBuilder(await cluster.NewDatabase()) { Timeout = 5, CommandTimeout = 5 }.ConnectionString;
        await using var service = new ServiceProcess(Service.Launch, database);
        await service.Start();
        await service.WarmUp();

        var requestTimeout = TimeSpan.FromSeconds(30);
        var load = new Load(service, clients: 4, maxRequestsPerClient: 2000, requestTimeout: requestTimeout);
        using var stop = new CancellationTokenSource();
        var running = load.Run(stop.Token);
        await Task.Delay(1500);

        await cluster.Freeze();
        var frozen = Stopwatch.StartNew();
        TimeSpan? unhealthyAfter = null;
        var slowestProbe = TimeSpan.Zero;
        try
        {
            using var probe = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
            while (frozen.Elapsed < TimeSpan.FromSeconds(12))
            {
                var asked = Stopwatch.StartNew();
                var ready = await probe.GetAsync("/health/ready");
                if (asked.Elapsed > slowestProbe) slowestProbe = asked.Elapsed;
                if ((int)ready.StatusCode == 503 && unhealthyAfter is null) unhealthyAfter = frozen.Elapsed;
                await Task.Delay(500);
            }
        }
        finally
        {
            await cluster.Thaw();
        }

        var thawed = Stopwatch.StartNew();
        using var http = service.Client(TimeSpan.FromSeconds(10));
        TimeSpan? recoveredAfter = null;
        while (thawed.Elapsed < TimeSpan.FromSeconds(60))
        {
            var (status, _) = await Load.Send(http, "/v1/changes", new ChangeLedger.Contracts.ProposeChangeRequest(
                "thawed-" + Guid.NewGuid().ToString("N")[..8], "github.com/acme/reliability", "After the hang", "c0ffee1", null, "alice", "ci-bot",
                new ChangeLedger.Contracts.OriginBody(ChangeLedger.Contracts.OriginKind.Human)));
            if (status == 201) { recoveredAfter = thawed.Elapsed; break; }
            await Task.Delay(250);
        }
        stop.Cancel();
        await running;

        var attempts = load.Attempts.ToList();
        var acknowledged = attempts.Where(a => a.Status == 201).Select(a => a.EventId).ToHashSet(StringComparer.Ordinal);
        var stored = await Behind.EventsPerEventId(database, load.Prefix);
        var lost = acknowledged.Count(id => !stored.ContainsKey(id));
        var doubled = stored.Count(s => s.Value != 1);
        Figures.Record(output, "hung-database", new
        {
            requests = attempts.Count, acknowledged = acknowledged.Count, lost, doubled,
            answered503 = attempts.Count(a => a.Status == 503), other5xx = attempts.Count(a => a.Status >= 500 && a.Status != 503),
            unanswered = attempts.Count(a => a.Status == 0), slowestMs = (int)attempts.Max(a => a.Took).TotalMilliseconds,
            unhealthyAfterMs = (int?)unhealthyAfter?.TotalMilliseconds, slowestReadinessProbeMs = (int)slowestProbe.TotalMilliseconds, recoveredAfterThawMs = (int?)recoveredAfter?.TotalMilliseconds,
        });

        attempts.Count(a => a.Status == 503).ShouldBeGreaterThan(0);
        attempts.Count(a => a.Status >= 500 && a.Status != 503).ShouldBe(0);
        attempts.Count(a => a.Status == 0).ShouldBe(0);
        attempts.Max(a => a.Took).ShouldBeLessThan(TimeSpan.FromSeconds(20));
        unhealthyAfter.ShouldNotBeNull();
        unhealthyAfter!.Value.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        recoveredAfter.ShouldNotBeNull();
        lost.ShouldBe(0);
        doubled.ShouldBe(0);
    }
}
