using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Contracts;
using ChangeLedger.ReliabilityTests.Support;

namespace ChangeLedger.ReliabilityTests;

/// <summary>
/// 20,000 mixed events (proposals, validations, reviews, holds, lifts, ownership transfers, releases, splits,
/// withdrawals) written in batches while the asynchronous daemon runs: every projection document rebuilt from the
/// events comes out identical.
/// </summary>
public sealed class RebuildingAfterMixedLoad(ITestOutputHelper output)
{
    private const int TargetEvents = 20_000;
    private const int ChangesPerBatch = 60;

    [Fact(Timeout = 300_000)]
    public async Task twenty_thousand_mixed_events_rebuild_into_identical_documents()
    {
        await using var cluster = await Cluster.Shared();
        var database = await cluster.NewDatabase();
        await using var service = new ServiceProcess(Service.Launch, database);
        await service.Start();
        await service.WarmUp();
        using (var http = service.Client(TimeSpan.FromSeconds(60)))
        {
            var policy = await http.PutAsJsonAsync("/v1/repositories/github.com%2Facme%2Frebuild/policy",
                new SetPolicyRequest(["unit"], 1, false, "ann"), Load.Json);
            ((int)policy.StatusCode).ShouldBeOneOf(200, 201);
        }

        var prefix = "rb-" + Guid.NewGuid().ToString("N")[..6];
        var statuses = new ConcurrentDictionary<int, int>();
        var writing = Stopwatch.StartNew();
        var next = -1;
        var batches = Enumerable.Range(0, TargetEvents / (ChangesPerBatch * 8) + 1).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var http = service.Client(TimeSpan.FromSeconds(120));
            for (var b = Interlocked.Increment(ref next); b < batches.Length; b = Interlocked.Increment(ref next))
            {
                var items = new JsonArray();
                for (var c = 0; c < ChangesPerBatch; c++) foreach (var item in Lifecycle($"{prefix}-{b}-{c}", c)) items.Add(item);
                using var response = await http.PostAsync("/v1/events", JsonContent.Create(items, options: Load.Json));
                ((int)response.StatusCode).ShouldBe(200);
                var answer = await response.Content.ReadFromJsonAsync<IngestionResults>(Load.Json);
                foreach (var result in answer!.Results) statuses.AddOrUpdate(result.Status, 1, (_, n) => n + 1);
            }
        }));
        var wrote = writing.Elapsed;
        var events = await Behind.Scalar(database, "select count(*) from ledger.mt_events where stream_id like 'rb-%'");
        var catchingUp = Stopwatch.StartNew();
        await Rebuild.WaitForTheDaemon(database, TimeSpan.FromSeconds(90));
        var caughtUpAfter = catchingUp.Elapsed;
        await service.Kill();

        var rebuild = await Rebuild.CompareWithARebuild(database);
        Figures.Record(output, "projection-rebuild", new
        {
            events, allEvents = rebuild.Events, writeSeconds = Math.Round(wrote.TotalSeconds, 1), daemonCaughtUpAfterMs = (int)caughtUpAfter.TotalMilliseconds,
            statuses = statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(), s => s.Value),
            projectionDocuments = rebuild.Documents, rebuildSeconds = Math.Round(rebuild.Took.TotalSeconds, 1),
            differing = rebuild.Differing, missing = rebuild.Missing, extra = rebuild.Extra,
        });

        events.ShouldBeGreaterThanOrEqualTo(TargetEvents);
        statuses.Keys.ShouldAllBe(s => s == 201);
        rebuild.PerTable.Values.ShouldAllBe(n => n > 0);
        rebuild.Identical.ShouldBeTrue(string.Join("\n", rebuild.Examples));
    }

    /// <summary>One change's life as batch items: eight events, ending in a release, a split or a withdrawal.</summary>
    private static IEnumerable<JsonObject> Lifecycle(string changeId, int n)
    {
        var head = $"c{n:x4}aa";
        yield return Item("change_proposed", changeId, new ProposeChangeRequest(changeId, "github.com/acme/rebuild", $"Change {n}", head, null, "alice", "ci-bot",
            n % 2 == 0 ? new OriginBody(OriginKind.Human) : new OriginBody(OriginKind.Generated, "claude-code", RequestedBy: "alice"),
            EventId: changeId + ":p"));
        yield return Item("validation_recorded", changeId, new RecordValidationRequest("unit", head, n % 5 == 0 ? ValidationOutcome.Failed : ValidationOutcome.Passed, "gha", EventId: changeId + ":v1"));
        yield return Item("validation_recorded", changeId, new RecordValidationRequest("unit", head, ValidationOutcome.Passed, "gha", DurationMs: 1000 + n));
        yield return Item("review_decided", changeId, new DecideReviewRequest("erin", ReviewDecision.Accepted, head, $"looks right {n}"));
        var hold = Item("hold_placed", changeId, new PlaceHoldRequest(HoldKind.Manual, "waiting for sign-off", "dana", "h1"));
        yield return hold;
        var lift = Item("hold_lifted", changeId, new LiftHoldRequest("erin", "signed off"));
        lift["holdId"] = "h1";
        yield return lift;
        yield return Item("ownership_transferred", changeId, new TransferOwnershipRequest("frank", "alice", "rotation"));
        yield return (n % 10) switch
        {
            0 => Item("change_split", changeId, new SplitChangeRequest([new($"{changeId}-a", "part a"), new($"{changeId}-b", "part b")], "erin", "too big")),
            1 => Item("change_withdrawn", changeId, new WithdrawChangeRequest("frank", "superseded")),
            _ => Item("change_released", changeId, new ReleaseChangeRequest("prod", $"1.{n}.0", "release-bot")),
        };
    }

    private static JsonObject Item(string type, string changeId, object body)
    {
        var item = (JsonObject)JsonSerializer.SerializeToNode(body, body.GetType(), Load.Json)!;
        foreach (var member in item.Where(m => m.Value is null).Select(m => m.Key).ToList()) item.Remove(member);
        item["type"] = type;
        item["changeId"] = changeId;
        return item;
    }
}
