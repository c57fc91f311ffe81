using System.Net.Http.Json;
using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Ingestion;

public sealed class IngestingABatch(LedgerApp app) : IClassFixture<LedgerApp>
{
    private static Dictionary<string, object?> Item(string type, string changeId, object body)
    {
        var item = JsonSerializer.SerializeToElement(body, body.GetType(), LedgerApp.Json).Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
        item["type"] = type;
        item["changeId"] = changeId;
        return item;
    }

    private static List<Dictionary<string, object?>> LifeOf(string changeId) =>
    [
        Item("change_proposed", changeId, Requests.Generated(changeId)),
        Item("validation_recorded", changeId, Requests.Check("unit-tests", "c0ffee1", ValidationOutcome.Passed)),
        Item("review_decided", changeId, Requests.Review("rita", "c0ffee1")),
        Item("hold_placed", changeId, Requests.Hold("freeze-1")),
        new(Item("hold_lifted", changeId, new LiftHoldRequest("oncall-carol", "incident over"))) { ["holdId"] = "freeze-1" },
    ];

    [Fact]
    public async Task a_batch_of_500_mixed_events_lands_with_one_result_per_item_in_order()
    {
        var batch = Enumerable.Range(0, 100).SelectMany(i => LifeOf($"batch-{i}")).ToList();

        var results = await (await app.Post("/v1/events", batch)).Read<IngestionResults>(200);

        results.Results.Count.ShouldBe(500);
        results.Accepted.ShouldBe(500);
        results.Results.Select(r => r.Index).ShouldBe(Enumerable.Range(0, 500));
        results.Results.Where(r => r.ChangeId == "batch-42").Select(r => (r.Type, r.Version))
            .ShouldBe([("change_proposed", 1L), ("validation_recorded", 2L), ("review_decided", 3L), ("hold_placed", 4L), ("hold_lifted", 5L)]);

        var evidence = await app.Get<Evidence>("/v1/changes/batch-99/evidence");
        evidence.Checks.Single().LatestOnHead!.Outcome.ShouldBe(ValidationOutcome.Passed);
        evidence.Reviews.Single().Reviewer.ShouldBe("rita");
        (await app.Get<ReleaseView>("/v1/changes/batch-99/release")).LiftedHolds.Single().HoldId.ShouldBe("freeze-1");
    }

    [Fact]
    public async Task a_bad_item_is_refused_with_its_problem_and_does_not_spoil_the_others()
    {
        var batch = LifeOf("mixed-1");
        batch[1]["outcome"] = null;
        batch.Insert(2, new Dictionary<string, object?> { ["type"] = "change_teleported", ["changeId"] = "mixed-1" });
        batch.AddRange(LifeOf("mixed-2"));
        batch.Add(Item("validation_recorded", "never-proposed-9", Requests.Check("unit-tests", "c0ffee1", ValidationOutcome.Passed)));

        var results = await (await app.Post("/v1/events", batch)).Read<IngestionResults>(200);

        results.Results.Select(r => r.Status).ShouldBe([201, 400, 400, 201, 201, 201, 201, 201, 201, 201, 201, 404]);
        results.Refused.ShouldBe(3);
        results.Results[1].Problem!.Value.GetProperty("errors").GetProperty("outcome").GetArrayLength().ShouldBe(1);
        results.Results[2].Problem!.Value.GetProperty("errors").GetProperty("type")[0].GetString()!.ShouldContain("validation_recorded");
        results.Results[11].Problem!.Value.GetProperty("type").GetString().ShouldBe("urn:changeledger:problem:unknown-change");
        (await app.EventCount("mixed-1")).ShouldBe(4);
        (await app.Get<Evidence>("/v1/changes/mixed-1/evidence")).Checks.ShouldBeEmpty();
        (await app.EventCount("mixed-2")).ShouldBe(5);
    }

    [Fact]
    public async Task an_event_id_sent_to_an_endpoint_and_again_in_a_batch_is_stored_once()
    {
        await (await app.Post("/v1/changes", Requests.Human("replay-1"))).ShouldHaveStatus(201);
        var check = Requests.Check("lint", "c0ffee1", ValidationOutcome.Failed) with { EventId = "ci-run-77:lint" };
        var first = await (await app.Post("/v1/changes/replay-1/validations", check)).Read<WriteResult>(201);

        var results = await (await app.Post("/v1/events", new[] { Item("validation_recorded", "replay-1", check) })).Read<IngestionResults>(200);

        results.Results.Single().Status.ShouldBe(201);
        results.Results.Single().Version.ShouldBe(first.Version);
        results.Results.Single().Result!.Value.GetProperty("replayed").GetBoolean().ShouldBeTrue();
        (await app.EventCount("replay-1")).ShouldBe(2);
    }

    [Fact]
    public async Task a_batch_over_the_limit_is_refused_whole()
    {
        var batch = Enumerable.Range(0, 501).Select(i => Item("change_proposed", $"big-{i}", Requests.Human($"big-{i}"))).ToList();

        await (await app.Post("/v1/events", batch)).ShouldBeProblem(413, "batch-too-large");
        (await app.Count("select count(*) from ledger.mt_events where stream_id like 'big-%'")).ShouldBe(0);
    }

    [Fact]
    public async Task one_batch_can_propose_split_then_write_to_a_child_and_release_all_in_order_in_one_transaction()
    {
        var batch = new List<Dictionary<string, object?>>
        {
            Item("change_proposed", "seq-1", Requests.Human("seq-1")),
            Item("change_split", "seq-1", new SplitChangeRequest([new("seq-1a", "a"), new("seq-1b", "b")], "erin", "two concerns")),
            Item("validation_recorded", "seq-1a", Requests.Check("unit-tests", "c0ffee1", ValidationOutcome.Passed)),
            Item("review_decided", "seq-1a", Requests.Review("rita", "c0ffee1")),
            Item("change_released", "seq-1a", Requests.Release()),
            Item("change_proposed", "seq-1b", Requests.Human("seq-1b")),
        };

        var results = await (await app.Post("/v1/events", batch)).Read<IngestionResults>(200);

        results.Results.Select(r => r.Status).ShouldBe([201, 201, 201, 201, 201, 409]);
        results.Results[5].Problem!.Value.GetProperty("type").GetString().ShouldEndWith("change-exists");
        results.Results.Take(5).Select(r => r.Version).ShouldBe([1L, 2L, 2L, 3L, 5L]);
        (await app.Get<ChangeSummary>("/v1/changes/seq-1a")).Status.ShouldBe(ChangeStatus.Released);
        (await app.Get<AuditTrail>("/v1/changes/seq-1a/trail")).Events.Select(e => e.Type)
            .ShouldBe(["change_proposed", "validation_recorded", "review_decided", "release_verdict_recorded", "change_released"]);
        (await app.Get<ChangeLedger.Contracts.Integrity.VerificationReport>("/v1/integrity/verify?changeId=seq-1a")).Intact.ShouldBeTrue();
    }

    private async Task<HttpResponseMessage> PostBytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return await app.Client.PostAsync("/v1/events", content);
    }

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private const string ValidationItem = "{\"type\":\"validation_recorded\",\"changeId\":\"batch-bad-1\",\"commit\":\"c0ffee1\",\"outcome\":\"passed\",\"runner\":\"gha\",";

    [Fact]
    public async Task an_item_with_invalid_utf8_is_refused_as_a_400_and_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Human("batch-bad-1"))).ShouldHaveStatus(201);
        var body = Utf8("[" + ValidationItem + "\"check\":\"ok").Concat(new byte[] { 0xff }).Concat(Utf8("ok\"}]")).ToArray();

        var response = await PostBytes(body);

        if ((int)response.StatusCode == 200)
            (await response.Read<IngestionResults>(200)).Results.Single().Status.ShouldBe(400);
        else await response.ShouldBeProblem(400, "malformed-json");
        (await app.EventCount("batch-bad-1")).ShouldBe(1);
    }

    [Fact]
    public async Task an_item_with_a_member_sent_twice_is_refused_as_a_400_and_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Human("batch-bad-2"))).ShouldHaveStatus(201);
        var response = await PostBytes(Utf8("[" + ValidationItem.Replace("batch-bad-1", "batch-bad-2") + "\"check\":1,\"check\":\"x\"}]"));

        if ((int)response.StatusCode == 200)
            (await response.Read<IngestionResults>(200)).Results.Single().Status.ShouldBe(400);
        else await response.ShouldBeProblem(400, "malformed-json");
        (await app.EventCount("batch-bad-2")).ShouldBe(1);
    }

    [Fact]
    public async Task an_item_with_an_unpaired_surrogate_escape_is_refused_as_a_400_naming_it_and_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Human("batch-bad-3"))).ShouldHaveStatus(201);
        var response = await PostBytes(Utf8("[" + ValidationItem.Replace("batch-bad-1", "batch-bad-3") + "\"check\":\"ok\\ud800\"}]"));

        var result = (await response.Read<IngestionResults>(200)).Results.Single();
        result.Status.ShouldBe(400);
        result.Problem!.Value.GetProperty("errors").GetProperty("item")[0].GetString()!.ShouldContain("$.check");
        (await app.EventCount("batch-bad-3")).ShouldBe(1);
    }
}
