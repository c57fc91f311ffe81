using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Support.CdEvents;

namespace ChangeLedger.Tests.Api.Ingestion;

public sealed class IngestingCdEvents(LedgerApp app) : IClassFixture<LedgerApp>
{
    private static readonly string[] LifeOfAChange =
    [
        "change_created", "change_updated", "testsuiterun_finished", "testcaserun_finished", "change_reviewed",
        "changewindow_started", "changewindow_finished", "service_deployed", "change_abandoned",
    ];

    [Theory]
    [InlineData(Mode.Structured)]
    [InlineData(Mode.Binary)]
    [InlineData(Mode.Batch)]
    public async Task each_sample_cdevent_lands_as_its_ledger_event_and_reads_back(Mode mode)
    {
        var (change, other) = ($"cde-{mode}-482".ToLowerInvariant(), $"cde-{mode}-483".ToLowerInvariant());
        await (await app.Post("/v1/changes", Requests.Human(other))).ShouldHaveStatus(201);
        var samples = LifeOfAChange.Select(name => Sample(name, change, other, mode.ToString())).ToList();

        if (mode == Mode.Batch)
        {
            var results = await (await app.Client.SendAsync(Batch(samples))).Read<IngestionResults>(200);
            results.Results.Select(r => r.Status).ShouldAllBe(status => status == 201);
            results.Results.Count.ShouldBe(samples.Count);
        }
        else
            foreach (var sample in samples)
                await (await app.Client.SendAsync(mode == Mode.Structured ? Structured(sample) : Binary(sample))).ShouldHaveStatus(201);

        var summary = await app.Get<ChangeSummary>($"/v1/changes/{change}");
        summary.Repository.ShouldBe("github.com/acme/payments");
        summary.Owner.ShouldBe("alice");
        summary.HeadCommit.ShouldBe("c0ffee2");
        summary.Origin.Tool.ShouldBe("claude-code");
        summary.Status.ShouldBe(ChangeStatus.Released);

        var evidence = await app.Get<Evidence>($"/v1/changes/{change}/evidence");
        var unit = evidence.Checks.Single(c => c.Check == "unit-tests").LatestOnHead!;
        (unit.Outcome, unit.DurationMs, unit.Runner).ShouldBe((ValidationOutcome.Passed, 48210L, "https://ci.example.com/acme/payments/runs/901"));
        evidence.Checks.Single(c => c.Check == "refund-retry-e2e").LatestOnHead!.Outcome.ShouldBe(ValidationOutcome.Failed);
        evidence.Reviews.Single().ShouldSatisfyAllConditions(r => r.Reviewer.ShouldBe("rita"), r => r.Decision.ShouldBe(ReviewDecision.Accepted));

        var release = await app.Get<ReleaseView>($"/v1/changes/{change}/release");
        release.LiftedHolds.Single().ShouldSatisfyAllConditions(h => h.HoldId.ShouldBe("freeze-black-friday"), h => h.Kind.ShouldBe(HoldKind.Freeze));
        release.Releases.Single().ShouldSatisfyAllConditions(r => r.Environment.ShouldBe("prod"), r => r.Version.ShouldBe("1.4.2"));

        (await app.Get<ChangeSummary>($"/v1/changes/{other}")).Status.ShouldBe(ChangeStatus.Withdrawn);
        var trail = await app.Get<AuditTrail>($"/v1/changes/{change}/trail");
        trail.Events.ShouldAllBe(e => e.EventId!.StartsWith("ce:"));
    }

    [Fact]
    public async Task the_same_cdevent_in_structured_and_binary_mode_is_stored_once()
    {
        var created = Sample("change_created", "cde-twice-1", "cde-twice-2", "twice");

        var first = await (await app.Client.SendAsync(Structured(created))).Read<WriteResult>(201);
        var again = await (await app.Client.SendAsync(Binary(created))).Read<WriteResult>(201);

        again.Version.ShouldBe(first.Version);
        again.Replayed.ShouldBeTrue();
        (await app.EventCount("cde-twice-1")).ShouldBe(1);
    }

    [Fact]
    public async Task a_type_the_ledger_has_no_use_for_is_ignored_with_a_202_and_spoils_nothing_in_its_batch()
    {
        var created = Sample("change_created", "cde-foreign-1", "cde-foreign-2", "foreign");
        var ticket = Retyped(Sample("pipelinerun_finished", "cde-foreign-1", "cde-foreign-2", "foreign"), "dev.cdevents.ticket.created.0.2.0", "foreign-ticket");

        var results = await (await app.Client.SendAsync(Batch([created, ticket]))).Read<IngestionResults>(200);

        results.Results.Select(r => r.Status).ShouldBe([201, 202]);
        results.Results[1].Result!.Value.GetProperty("ignored").GetString().ShouldBe("unused-type");
        var single = await (await app.Client.SendAsync(Structured(ticket))).Read<System.Text.Json.JsonElement>(202);
        single.GetProperty("ignored").GetString().ShouldBe("unused-type");
        await (await app.Client.SendAsync(Binary(ticket))).ShouldHaveStatus(202);
        (await app.EventCount("cde-foreign-1")).ShouldBe(1);
    }

    [Fact]
    public async Task a_cdevent_no_rule_correlates_is_ignored_and_nothing_is_stored()
    {
        var pipeline = Sample("pipelinerun_finished", "cde-nowhere-1", "cde-nowhere-2", "nowhere");
        pipeline.Remove("customData");

        var answer = await (await app.Client.SendAsync(Structured(pipeline))).Read<System.Text.Json.JsonElement>(202);

        answer.GetProperty("ignored").GetString().ShouldBe("uncorrelated");
        (await app.EventCount("cde-nowhere-1")).ShouldBe(0);
    }

    [Theory]
    [InlineData(Mode.Structured)]
    [InlineData(Mode.Binary)]
    [InlineData(Mode.Batch)]
    public async Task a_cdevent_that_breaks_its_spec_versions_schema_is_a_400_naming_the_member_and_stores_nothing(Mode mode)
    {
        var change = $"cde-schema-{mode}".ToLowerInvariant();
        var created = Sample("change_created", change, change + "-x", "schema-" + mode);
        var tests = Sample("testsuiterun_finished", change, change + "-x", "schema-" + mode);
        tests["subject"]!["content"]!["outcome"] = "passed"; // 0.4 spells it pass / fail / cancel / error
        tests["context"]!["specversion"] = "0.4.1"; // 0.4 names its version 'version', the 0.5 way is not a 0.4 member
        var run = Sample("pipelinerun_finished", change, change + "-x", "schema-" + mode);

        if (mode == Mode.Batch)
        {
            var results = await (await app.Client.SendAsync(Batch([created, tests, run]))).Read<IngestionResults>(200);
            results.Results.Select(r => r.Status).ShouldBe([201, 400, 201]);
            var refused = results.Results[1].Problem!;
            refused.Value.GetProperty("type").GetString().ShouldBe("urn:changeledger:problem:invalid-cdevent");
            refused.Value.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["data/context/specversion", "data/subject/content/outcome"], ignoreOrder: true);
            (await app.EventCount(change)).ShouldBe(2);
            return;
        }
        await (await app.Client.SendAsync(Send(created))).ShouldHaveStatus(201);
        var problem = await (await app.Client.SendAsync(Send(tests))).ShouldBeProblem(400, "invalid-cdevent");
        problem.GetProperty("detail").GetString()!.ShouldContain("CDEvents 0.4.1 schema of dev.cdevents.testsuiterun.finished.0.2.0");
        var errors = problem.GetProperty("errors");
        errors.GetProperty("data/subject/content/outcome")[0].GetString()!.ShouldContain("\"passed\"");
        errors.GetProperty("data/context/specversion")[0].GetString().ShouldBe("This member is not part of the event in this CDEvents version.");
        (await app.EventCount(change)).ShouldBe(1);
        await (await app.Client.SendAsync(Send(run))).ShouldHaveStatus(201);

        HttpRequestMessage Send(System.Text.Json.Nodes.JsonObject e) => mode == Mode.Structured ? Structured(e) : Binary(e);
    }

    [Fact]
    public async Task a_cdevent_missing_what_the_ledger_needs_is_refused_with_the_field_named()
    {
        var created = Sample("change_created", "cde-thin-1", "cde-thin-2", "thin");
        created["customData"]!["origin"] = new System.Text.Json.Nodes.JsonObject { ["kind"] = "generated" };

        var problem = await (await app.Client.SendAsync(Structured(created))).ShouldBeProblem(400, "validation");

        // Named as the producer wrote it: the member of the CDEvent, not of the ledger's request.
        problem.GetProperty("errors").TryGetProperty("data/customData/origin/tool", out _).ShouldBeTrue();
        (await app.EventCount("cde-thin-1")).ShouldBe(0);
    }

    [Fact]
    public async Task a_body_in_no_cloudevents_mode_is_a_415()
    {
        var response = await app.Client.PostAsync("/v1/cdevents", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        await response.ShouldBeProblem(415, "unsupported-media-type");
    }

    [Fact]
    public async Task a_cdevent_with_an_unpaired_surrogate_escape_is_a_400_and_nothing_is_stored()
    {
        var created = Sample("change_created", "cde-surrogate-1", "cde-surrogate-2", "surrogate");
        created["customData"]!["title"] = "NOT-TEXT";
        var json = (await Structured(created).Content!.ReadAsStringAsync()).Replace("NOT-TEXT", "\\ud800", StringComparison.Ordinal);

        var response = await app.Client.PostAsync("/v1/cdevents", new StringContent(json, System.Text.Encoding.UTF8, "application/cloudevents+json"));

        var problem = await response.ShouldBeProblem(400, "invalid-cloudevent");
        problem.GetProperty("detail").GetString()!.ShouldContain("data.customData.title");
        (await app.EventCount("cde-surrogate-1")).ShouldBe(0);
    }
}
