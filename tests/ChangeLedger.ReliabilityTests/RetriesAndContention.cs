using System.Net.Http.Json;
using ChangeLedger.Contracts;
using ChangeLedger.ReliabilityTests.Support;

namespace ChangeLedger.ReliabilityTests;

/// <summary>Duplicates and contending writers against the service process: one event per eventId, no 5xx, no gaps.</summary>
public sealed class RetriesAndContention(ITestOutputHelper output)
{
    [Fact(Timeout = 180_000)]
    public async Task duplicates_store_one_event_and_contending_writers_commit_or_get_409()
    {
        await using var cluster = await Cluster.Shared();
        var database = await cluster.NewDatabase();
        await using var service = new ServiceProcess(Service.Launch, database);
        await service.Start();
        await service.WarmUp();
        using var http = service.Client();

        var proposal = new ProposeChangeRequest("dup-1", "github.com/acme/reliability", "Duplicates", "c0ffee1", null, "alice", "ci-bot",
            new OriginBody(OriginKind.Human), EventId: "dup-1:proposed");
        var proposals = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Load.Send(http, "/v1/changes", proposal)));
        var check = new RecordValidationRequest("unit", "c0ffee1", ValidationOutcome.Passed, "gha", EventId: "dup-1:unit");
        var checks = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Load.Send(http, "/v1/changes/dup-1/validations", check)));

        (await Load.Send(http, "/v1/changes", proposal with { ChangeId = "busy-1", EventId = null })).Status.ShouldBe(201);
        var writers = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            var version = (await http.GetFromJsonAsync<ChangeSummary>("/v1/changes/busy-1", Load.Json))!.Version;
            return (await Load.Send(http, "/v1/changes/busy-1/validations",
                new RecordValidationRequest($"writer-{i}", "c0ffee1", ValidationOutcome.Passed, "gha", ExpectedVersion: version))).Status;
        }));

        var dupEvents = await Behind.Scalar(database, "select count(*) from ledger.mt_events where stream_id = 'dup-1'");
        var busyEvents = await Behind.Scalar(database, "select count(*) from ledger.mt_events where stream_id = 'busy-1'");
        var gaps = await Behind.StreamsWithGaps(database);
        Figures.Record(output, "retries-and-contention", new
        {
            duplicateProposals = proposals.GroupBy(p => p.Status).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            duplicateChecks = checks.GroupBy(p => p.Status).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            eventsOnDuplicatedChange = dupEvents,
            contendingWriters = writers.GroupBy(s => s).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            eventsOnContendedChange = busyEvents, streamsWithGaps = gaps,
        });

        proposals.ShouldAllBe(p => p.Status == 201);
        checks.ShouldAllBe(p => p.Status == 201);
        dupEvents.ShouldBe(2);
        writers.ShouldAllBe(s => s == 201 || s == 409);
        busyEvents.ShouldBe(1 + writers.Count(s => s == 201));
        gaps.ShouldBe(0);
    }
}
