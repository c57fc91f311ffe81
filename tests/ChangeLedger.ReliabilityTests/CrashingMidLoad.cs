using ChangeLedger.ReliabilityTests.Support;

namespace ChangeLedger.ReliabilityTests;

/// <summary>
/// kill -9 while 16 clients write: nothing acknowledged is lost or doubled, streams stay gapless, chains verify, and
/// the unanswered writes retried with their eventIds are stored at most once; every projection equals a rebuild.
/// </summary>
public sealed class CrashingMidLoad(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task every_acknowledged_write_survives_a_kill_exactly_once()
    {
        await using var cluster = await Cluster.Shared();
        var database = await cluster.NewDatabase();
        await using var service = new ServiceProcess(Service.Launch, database);
        await service.Start();
        await service.WarmUp();

        var load = new Load(service, clients: 16, maxRequestsPerClient: 400, requestTimeout: TimeSpan.FromSeconds(10));
        using var stop = new CancellationTokenSource();
        var running = load.Run(stop.Token);
        var killAfter = TimeSpan.FromMilliseconds(Random.Shared.Next(1500, 4000));
        await Task.Delay(killAfter);
        await service.Kill();
        stop.Cancel();
        await running;

        await service.Start();
        var attempts = load.Attempts.ToList();
        var acknowledged = attempts.Where(a => a.Status == 201).Select(a => a.EventId).ToHashSet(StringComparer.Ordinal);
        var unanswered = attempts.Where(a => a.Status is 0 or >= 500).ToList();

        // A client that got no answer sends the same write again with the same eventId.
        using var http = service.Client();
        var retried = new List<int>();
        foreach (var attempt in unanswered) retried.Add((await Load.Send(http, attempt.Path, attempt.Body)).Status);

        var stored = await Behind.EventsPerEventId(database, load.Prefix);
        var lost = acknowledged.Count(id => !stored.ContainsKey(id));
        var doubled = stored.Count(s => s.Value != 1);
        var gaps = await Behind.StreamsWithGaps(database);
        var intact = await Behind.ChainsVerify(http);

        // Every projection document equals what a rebuild from the events makes of it. The killed node still owns the
        // asynchronous projection until Wolverine finds it dead and reassigns its agents, which it checks once a minute
        // (NodeReassignmentPollingTime, LedgerStorage), after a 10 s health check: the wait covers two such rounds.
        await Rebuild.WaitForTheDaemon(database, TimeSpan.FromSeconds(150));
        await service.Kill();
        var rebuild = await Rebuild.CompareWithARebuild(database);
        Figures.Record(output, "crash-mid-load", new
        {
            killAfterMs = (int)killAfter.TotalMilliseconds, requests = attempts.Count, acknowledged = acknowledged.Count, unanswered = unanswered.Count,
            retriedStatuses = retried.GroupBy(s => s).ToDictionary(g => g.Key.ToString(), g => g.Count()), lost, doubled, streamsWithGaps = gaps, chainsIntact = intact,
            fiveXx = attempts.Count(a => a.Status >= 500),
            projectionDocuments = rebuild.Documents, differingAfterRebuild = rebuild.Differing + rebuild.Missing + rebuild.Extra,
        });

        acknowledged.Count.ShouldBeGreaterThan(0);
        lost.ShouldBe(0);
        doubled.ShouldBe(0);
        gaps.ShouldBe(0);
        intact.ShouldBeTrue();
        retried.ShouldAllBe(s => s == 201 || s == 404);
        attempts.Count(a => a.Status >= 500).ShouldBe(0);
        rebuild.PerTable["mt_doc_change_record"].ShouldBeGreaterThanOrEqualTo(16);
        rebuild.Identical.ShouldBeTrue(string.Join("\n", rebuild.Examples));
    }
}
