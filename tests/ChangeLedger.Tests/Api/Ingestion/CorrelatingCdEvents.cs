using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Support.CdEvents;

namespace ChangeLedger.Tests.Api.Ingestion;

/// <summary>CDEvents without customData find their change through what the spec carries: chain, links, subject, artifact.</summary>
public sealed class CorrelatingCdEvents(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Digest = "0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427";

    private static JsonObject CdEvent(string type, string chainId, string subjectId, JsonObject content, string source = "https://ci.example.com/acme/shop") => new()
    {
        ["context"] = new JsonObject
        {
            ["specversion"] = "0.5.1", ["id"] = Guid.NewGuid().ToString(), ["chainId"] = chainId, ["source"] = source,
            ["type"] = type, ["timestamp"] = "2026-11-20T10:00:00Z",
        },
        ["subject"] = new JsonObject { ["id"] = subjectId, ["source"] = source, ["content"] = content },
    };

    private static JsonObject Repo(string name) => new() { ["repository"] = new JsonObject { ["id"] = name, ["source"] = "https://github.com" } };

    private static JsonObject Story(string change, string chain, string artifact, int step) => step switch
    {
        0 => CdEvent("dev.cdevents.change.created.0.4.0", chain, change, new JsonObject
        {
            ["description"] = "Cache the catalogue",
            ["repository"] = new JsonObject { ["id"] = "acme/shop", ["source"] = "https://github.com" },
        }),
        1 => CdEvent("dev.cdevents.pipelinerun.finished.0.3.0", chain, "run-7", new JsonObject { ["pipelineName"] = "shop-ci", ["outcome"] = "success", ["uri"] = "https://ci.example.com/runs/7" }),
        2 => CdEvent("dev.cdevents.artifact.published.0.3.0", chain, artifact, new JsonObject { ["user"] = "ci-bot" }),
        _ => CdEvent("dev.cdevents.service.deployed.0.3.0", chain, "shop", new JsonObject
        {
            ["environment"] = new JsonObject { ["id"] = "staging" }, ["artifactId"] = artifact,
        }, "https://cd.example.com"),
    };

    [Theory]
    [InlineData(Mode.Structured)]
    [InlineData(Mode.Binary)]
    [InlineData(Mode.Batch)]
    public async Task a_chain_without_custom_data_tells_one_changes_whole_story(Mode mode)
    {
        var change = $"shop-{mode}".ToLowerInvariant();
        var artifact = $"pkg:oci/shop-{mode}@sha256%3A{Digest}".ToLowerInvariant();
        var events = Enumerable.Range(0, 4).Select(step => Story(change, $"chain-{mode}", artifact, step)).ToList();

        if (mode == Mode.Batch)
            (await (await app.Client.SendAsync(Batch(events))).Read<IngestionResults>(200)).Results.Select(r => r.Status).ShouldBe([201, 201, 201, 201]);
        else
            foreach (var e in events) await (await app.Client.SendAsync(mode == Mode.Structured ? Structured(e) : Binary(e))).ShouldHaveStatus(201);

        var summary = await app.Get<ChangeSummary>($"/v1/changes/{change}");
        (summary.Repository, summary.Owner, summary.Status).ShouldBe(("github.com/acme/shop", "unassigned", ChangeStatus.Released));
        var evidence = await app.Get<Evidence>($"/v1/changes/{change}/evidence");
        evidence.Checks.Single().LatestOnHead!.ShouldSatisfyAllConditions(r => r.Check.ShouldBe("shop-ci"), r => r.Outcome.ShouldBe(ValidationOutcome.Passed));
        evidence.Attestations!.Single().Name.ShouldBe("cdevents.artifact.published");
        var environment = await app.Get<EnvironmentView>("/v1/environments/staging");
        environment.Repositories.Single(d => d.ChangeId == change).ShouldSatisfyAllConditions(
            d => d.ReleasedOutsideGate.ShouldBe(true),
            d => d.Verdict!.Ready.ShouldBeFalse(),
            d => d.Artifacts.Single().Digest.ShouldBe($"sha256:{Digest}"));
        var trail = await app.Get<AuditTrail>($"/v1/changes/{change}/trail");
        trail.Events.Select(e => e.Data.GetProperty("correlation").GetString()).ShouldBe(["subject", "chain", "chain", "chain", "chain"]);
    }

    [Fact]
    public async Task an_artifact_a_recorded_cdevent_tied_to_a_change_correlates_a_later_deployment_outside_the_chain()
    {
        var artifact = $"pkg:oci/shop-art@sha256%3A{new string('a', 64)}";
        foreach (var step in new[] { 0, 2 })
            await (await app.Client.SendAsync(Structured(Story("shop-art", "chain-art", artifact, step)))).ShouldHaveStatus(201);

        var deployed = Story("shop-art", "chain-art-deployment", artifact, 3);
        var outcome = await (await app.Client.SendAsync(Structured(deployed))).Read<ReleaseOutcome>(201);

        outcome.ShouldSatisfyAllConditions(o => o.ChangeId.ShouldBe("shop-art"), o => o.Released.ShouldBeTrue(), o => o.ReleasedOutsideGate.ShouldBe(true));
        var trail = await app.Get<AuditTrail>("/v1/changes/shop-art/trail");
        trail.Events[^1].Data.GetProperty("correlation").GetString().ShouldBe("artifact");
    }

    [Fact]
    public async Task a_change_subject_in_the_same_repository_correlates_its_merge()
    {
        await (await app.Client.SendAsync(Structured(Story("shop-merge", "chain-merge", "pkg:oci/x", 0)))).ShouldHaveStatus(201);
        var merged = CdEvent("dev.cdevents.change.merged.0.3.0", "no-chain", "shop-merge", Repo("acme/shop"));

        await (await app.Client.SendAsync(Binary(merged))).ShouldHaveStatus(201);

        (await app.Get<ChangeSummary>("/v1/changes/shop-merge")).Status.ShouldBe(ChangeStatus.Merged);
    }

    [Fact]
    public async Task an_open_incident_holds_its_environment_for_every_change_of_the_repository_until_it_is_resolved()
    {
        foreach (var step in new[] { 0, 3 })
            await (await app.Client.SendAsync(Structured(Story("shop-inc", "chain-inc", "pkg:oci/inc", step)))).ShouldHaveStatus(201);
        var incident = new JsonObject
        {
            ["environment"] = new JsonObject { ["id"] = "staging" }, ["service"] = new JsonObject { ["id"] = "shop" }, ["description"] = "Checkout errors above 5%",
        };
        await (await app.Client.SendAsync(Structured(CdEvent("dev.cdevents.incident.detected.0.3.0", "chain-inc", "inc-1", incident, "/monitoring/eu")))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("shop-next", repository: "github.com/acme/shop"))).ShouldHaveStatus(201);

        var held = await app.Get<ReleaseVerdict>("/v1/changes/shop-next/readiness?environment=staging");
        var resolved = CdEvent("dev.cdevents.incident.resolved.0.3.0", "chain-inc-resolution", "inc-1", new JsonObject
        {
            ["environment"] = new JsonObject { ["id"] = "staging" }, ["service"] = new JsonObject { ["id"] = "shop" }, ["description"] = "Rolled forward",
        }, "/monitoring/eu");
        await (await app.Client.SendAsync(Binary(resolved))).ShouldHaveStatus(201);
        var free = await app.Get<ReleaseVerdict>("/v1/changes/shop-next/readiness?environment=staging");

        held.Rules.Single(r => r.Rule == "no-open-incident").ShouldSatisfyAllConditions(r => r.Passed.ShouldBeFalse(), r => r.Detail.ShouldContain("inc-1 (shop)"));
        (await app.Get<ReleaseVerdict>("/v1/changes/shop-next/readiness?environment=prod")).Rules.ShouldNotContain(r => r.Rule == "no-open-incident");
        free.Rules.ShouldNotContain(r => r.Rule == "no-open-incident");
        (await app.Get<AuditTrail>("/v1/changes/shop-inc/trail")).Events[^1].Data.GetProperty("correlation").GetString().ShouldBe("subject");
    }

    [Fact]
    public async Task an_open_incident_on_a_change_stored_before_its_column_was_added_still_holds_the_repository()
    {
        foreach (var step in new[] { 0, 3 })
            await (await app.Client.SendAsync(Structured(Story("shop-old", "chain-old", "pkg:oci/old", step)))).ShouldHaveStatus(201);
        var incident = new JsonObject { ["environment"] = new JsonObject { ["id"] = "qa" }, ["service"] = new JsonObject { ["id"] = "shop" } };
        await (await app.Client.SendAsync(Structured(CdEvent("dev.cdevents.incident.detected.0.3.0", "chain-old", "inc-old", incident, "/monitoring/eu")))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("shop-after-old", repository: "github.com/acme/shop"))).ShouldHaveStatus(201);
        const string table = LedgerStorage.Schema + ".mt_doc_change_record";
        (await app.Count($"select count(*) from {table} where id = 'shop-old' and release_recordhas_open_incidents")).ShouldBe(1);
        (await app.Count($"select count(*) from {table} where id = 'shop-after-old' and not release_recordhas_open_incidents")).ShouldBe(1);

        // A ledger upgraded from before the column has it null on every change stored then: those are read from the document.
        (await app.Count($"with u as (update {table} set release_recordhas_open_incidents = null where id = 'shop-old' returning 1) select count(*) from u")).ShouldBe(1);

        (await app.Get<ReleaseVerdict>("/v1/changes/shop-after-old/readiness?environment=qa")).Rules.Single(r => r.Rule == "no-open-incident")
            .ShouldSatisfyAllConditions(r => r.Passed.ShouldBeFalse(), r => r.Detail.ShouldContain("inc-old (shop)"));
    }

    [Fact]
    public async Task correlation_never_reaches_a_change_outside_the_senders_repositories()
    {
        await (await app.Client.SendAsync(Structured(Story("shop-scoped", "chain-scoped", "pkg:oci/y", 0)))).ShouldHaveStatus(201);
        var other = app.ClientWith(await app.IssueKey("other-repo", ["ingest"], "github.com/acme/other"));

        var run = Story("shop-scoped", "chain-scoped", "pkg:oci/y", 1);
        var answer = await (await other.SendAsync(Structured(run))).Read<JsonElement>(202);

        answer.GetProperty("ignored").GetString().ShouldBe("uncorrelated");
        (await app.EventCount("shop-scoped")).ShouldBe(1);
    }
}

/// <summary>A service whose admin set strict mode: what would be ignored is refused.</summary>
public sealed class StrictCdEventsLedgerApp : LedgerApp
{
    public StrictCdEventsLedgerApp(IMessageSink sink) : base(sink) => Settings["CdEvents:Strict"] = "true";
}

public sealed class RefusingForeignCdEventsInStrictMode(StrictCdEventsLedgerApp app) : IClassFixture<StrictCdEventsLedgerApp>
{
    [Fact]
    public async Task a_foreign_event_is_a_422_on_its_own_and_in_a_batch_it_spoils_nothing_else()
    {
        var created = Sample("change_created", "strict-1", "strict-2", "strict");

        var uncorrelated = Sample("pipelinerun_finished", "strict-1", "strict-2", "strict");
        uncorrelated.Remove("customData");

        var results = await (await app.Client.SendAsync(Batch([created, uncorrelated]))).Read<IngestionResults>(200);

        results.Results.Select(r => r.Status).ShouldBe([201, 422]);
        await (await app.Client.SendAsync(Structured(Retyped(created, "dev.cdevents.ticket.created.0.2.0", "strict-ticket")))).ShouldBeProblem(422, "unmappable-cdevent");
        (await app.EventCount("strict-1")).ShouldBe(1);
    }
}
