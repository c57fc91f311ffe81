using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Support.Producers;

namespace ChangeLedger.Tests.Api.Ingestion;

/// <summary>A service whose admin mapped Argo CD's in-cluster destination, namespace argocd, to the ledger's prod.</summary>
public sealed class ProducersLedgerApp : LedgerApp
{
    public ProducersLedgerApp(IMessageSink sink) : base(sink)
    {
        Settings["CdEvents:Environments:0:Cluster"] = "https://kubernetes.default.svc";
        Settings["CdEvents:Environments:0:Namespace"] = "argocd";
        Settings["CdEvents:Environments:0:Name"] = "prod";
    }
}

/// <summary>
/// The stories real producers tell (../shared/vendor/cdevents-producers), sent as each producer sends them and as
/// conforming structured CloudEvents, land on their change with the same result.
/// </summary>
public sealed class IngestingProducersCdEvents(ProducersLedgerApp app) : IClassFixture<ProducersLedgerApp>
{
    private const string ArgoRevision = "94fcc5e8673e0d2d7fbca6b1c6c455ba308314fc";

    public static TheoryData<bool> WireOrConforming => [true, false];

    [Theory]
    [MemberData(nameof(WireOrConforming))]
    public async Task cdviz_pull_request_97_opened_updated_and_merged_is_one_change(bool wire)
    {
        // Each way gets its own repository, so the two runs are two pull requests.
        var repo = wire ? "app-wire" : "app-structured";
        string Rewrite(string text) => text.Replace("aaaaa-aaaaaaaaa", repo);
        HttpRequestMessage Send(string file) => wire ? Wire(file, Rewrite) : Conforming(CdEvent(file, Rewrite));

        var created = await (await app.Client.SendAsync(Send("cdviz-github-1.json"))).Read<WriteResult>(201);
        var updated = await (await app.Client.SendAsync(Send("cdviz-github-2.json"))).Read<JsonElement>(202);
        await (await app.Client.SendAsync(Send("cdviz-github-3.json"))).ShouldHaveStatus(202);
        var merged = await (await app.Client.SendAsync(Send("cdviz-github-4.json"))).Read<WriteResult>(201);

        var change = $"gh:aaaaa-aaa.{repo}:97";
        (created.ChangeId, merged.ChangeId, merged.Replayed).ShouldBe((change, change, false));
        updated.GetProperty("ignored").GetString().ShouldBe("nothing-to-record");
        updated.GetProperty("detail").GetString()!.ShouldContain("names no new head");
        var summary = await app.Get<ChangeSummary>($"/v1/changes/{change}");
        (summary.Repository, summary.Title, summary.Status, summary.HeadCommit).ShouldBe(($"github.com/aaaaa-aaa/{repo}", "wip", ChangeStatus.Merged, "unknown"));
        var trail = await app.Get<AuditTrail>($"/v1/changes/{change}/trail");
        trail.Events.Select(e => e.Data.GetProperty("correlation").GetString()).ShouldBe(["subject", "subject"]);
    }

    [Fact]
    public async Task an_event_whose_id_is_0_is_known_by_its_content_so_sent_again_it_is_a_replay_and_distinct_ones_are_not()
    {
        string Rewrite(string text) => text.Replace("aaaaa-aaaaaaaaa", "app-ids");
        var first = await (await app.Client.SendAsync(Wire("cdviz-github-1.json", Rewrite))).Read<WriteResult>(201);
        var again = await (await app.Client.SendAsync(Wire("cdviz-github-1.json", Rewrite))).Read<WriteResult>(201);
        var merged = await (await app.Client.SendAsync(Wire("cdviz-github-4.json", Rewrite))).Read<WriteResult>(201);

        (first.Replayed, again.Replayed, merged.Replayed).ShouldBe((false, true, false));
        (await app.EventCount("gh:aaaaa-aaa.app-ids:97")).ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(WireOrConforming))]
    public async Task an_argo_cd_sync_of_a_changes_head_commit_is_its_release_to_the_mapped_environment_outside_the_gate(bool wire)
    {
        var revision = wire ? ArgoRevision : ArgoRevision.Replace("94fcc5e8", "0123abcd");
        var change = wire ? "gh:cdviz-dev.demo-cluster:1" : "gh:cdviz-dev.demo-cluster:2";
        await (await app.Post("/v1/changes", Requests.Human(change, head: revision[..7], repository: "github.com/cdviz-dev/demo-cluster"))).ShouldHaveStatus(201);
        string Rewrite(string text) => text.Replace(ArgoRevision, revision);

        var outcome = await (await app.Client.SendAsync(wire ? Wire("cdviz-argocd-2.json", Rewrite) : Conforming(CdEvent("cdviz-argocd-2.json", Rewrite))))
            .Read<ReleaseOutcome>(201);

        outcome.ShouldSatisfyAllConditions(o => o.ChangeId.ShouldBe(change), o => o.Released.ShouldBeTrue(), o => o.ReleasedOutsideGate.ShouldBe(true));
        (await app.Get<EnvironmentView>("/v1/environments/prod")).Repositories.ShouldContain(d => d.ChangeId == change && d.ReleasedOutsideGate == true);
        (await app.Get<AuditTrail>($"/v1/changes/{Uri.EscapeDataString(change)}/trail")).Events[^1].Data.GetProperty("correlation").GetString().ShouldBe("commit");
    }

    [Theory]
    [MemberData(nameof(WireOrConforming))]
    public async Task a_jenkins_pipeline_run_naming_a_changes_commit_is_its_validation(bool wire)
    {
        var (change, commit) = wire ? ("gh:acme.jenkins:1", "5d41402abc4b2a76b9719d911017c592ae5e1b2c") : ("gh:acme.jenkins:2", "7d793037a0760186574b0282f2f435e7a1b2c3d4");
        await (await app.Post("/v1/changes", Requests.Human(change, head: commit, repository: "github.com/acme/jenkins"))).ShouldHaveStatus(201);
        var jenkins = Read("jenkins-1.json");
        jenkins["id"] = $"run-{wire}";
        jenkins["data"]!["build"]!["scmState"]!["commit"] = commit;
        jenkins["data"]!["build"]!["scmState"]!["url"] = "https://github.com/acme/jenkins.git";
        var conforming = new JsonObject
        {
            ["context"] = new JsonObject
            {
                ["version"] = "0.4.1", ["id"] = "jenkins-167", ["source"] = "http://localhost:8080/jenkins/",
                ["type"] = "dev.cdevents.pipelinerun.finished.0.2.0", ["timestamp"] = "2023-04-06T20:56:06Z",
            },
            ["subject"] = new JsonObject
            {
                ["id"] = "job/PipelineCommit/167", ["type"] = "pipelineRun",
                ["content"] = new JsonObject { ["pipelineName"] = "PipelineCommit", ["url"] = "http://localhost:8080/jenkins/job/PipelineCommit/167/", ["outcome"] = "success" },
            },
            ["customData"] = new JsonObject { ["commit"] = commit, ["repository"] = "https://github.com/acme/jenkins" },
        };

        var answer = await app.Client.SendAsync(wire ? Wire(jenkins, "envelope") : CdEvents.Structured(conforming));

        (await answer.Read<WriteResult>(201)).ChangeId.ShouldBe(change);
        var evidence = await app.Get<Evidence>($"/v1/changes/{change}/evidence");
        evidence.Checks.Single().LatestOnHead!.ShouldSatisfyAllConditions(r => r.Check.ShouldBe("PipelineCommit"), r => r.Outcome.ShouldBe(ValidationOutcome.Passed));
        (await app.Get<AuditTrail>($"/v1/changes/{change}/trail")).Events[^1].Data.GetProperty("correlation").GetString().ShouldBe("commit");
    }

    [Fact]
    public async Task a_jenkins_run_that_names_no_commit_is_accepted_and_ignored_saying_why()
    {
        var answer = await (await app.Client.SendAsync(Wire("jenkins-1.json"))).Read<JsonElement>(202);

        answer.GetProperty("ignored").GetString().ShouldBe("uncorrelated");
        answer.GetProperty("detail").GetString()!.ShouldContain("commit (it names none)");
    }

    [Fact]
    public async Task a_demo_deployers_bare_cdevent_of_another_releases_type_version_is_recorded_and_flagged_nonconforming()
    {
        // The deployer posts service.deployed.0.1.1 in a 0.4.1 event, naming its commit in customData.commitSha.
        await (await app.Post("/v1/changes", Requests.Human("gh:demo.sample-app:42", head: "abc123def456", repository: "github.com/demo/sample-app"))).ShouldHaveStatus(201);

        var outcome = await (await app.Client.SendAsync(Wire("otel-bridge-demo-3.json"))).Read<ReleaseOutcome>(201);

        (outcome.ChangeId, outcome.Released).ShouldBe(("gh:demo.sample-app:42", true));
        var released = (await app.Get<AuditTrail>("/v1/changes/gh:demo.sample-app:42/trail")).Events[^1].Data;
        released.GetProperty("correlation").GetString().ShouldBe("commit");
        released.GetProperty("nonconforming").EnumerateArray().Select(m => m.GetString()).ShouldBe(["data/context/type"]);
        // The flag is part of the event: sealed in its hash like every other member.
        (await app.Get<ChangeLedger.Contracts.Integrity.VerificationReport>("/v1/integrity/verify?changeId=gh:demo.sample-app:42")).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_commit_two_changes_have_correlates_neither()
    {
        const string commit = "feedfacefeedfacefeedfacefeedfacefeedface";
        foreach (var id in new[] { "twins-1", "twins-2" })
            await (await app.Post("/v1/changes", Requests.Human(id, head: commit, repository: "github.com/acme/twins"))).ShouldHaveStatus(201);
        var jenkins = Read("jenkins-1.json");
        jenkins["id"] = "twins-run";
        jenkins["data"]!["build"]!["scmState"]!["commit"] = commit;

        (await (await app.Client.SendAsync(Wire(jenkins, "envelope"))).Read<JsonElement>(202)).GetProperty("ignored").GetString().ShouldBe("uncorrelated");
    }

    [Fact]
    public async Task a_refusal_names_the_member_of_the_event_not_of_the_ledger_request()
    {
        await (await app.Post("/v1/changes", Requests.Human("gh:acme.refused:1", head: "abcdef1234567", repository: "github.com/acme/refused"))).ShouldHaveStatus(201);
        var deployed = CdEvent("cdviz-argocd-2.json", t => t.Replace(ArgoRevision, "abcdef1234567").Replace("cdviz-dev/demo-cluster", "acme/refused"));
        deployed["subject"]!["content"]!["environment"]!["id"] = new string('e', 101);

        var problem = await (await app.Client.SendAsync(Conforming(deployed))).ShouldBeProblem(400, "validation");

        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["data/subject/content/environment/id"]);
    }

    [Fact]
    public async Task no_event_of_the_corpus_is_a_server_error()
    {
        foreach (var file in Files())
        {
            var answer = await app.Client.SendAsync(Wire(file));
            ((int)answer.StatusCode).ShouldBeLessThan(500, $"{file}: {await answer.Content.ReadAsStringAsync()}");
        }
    }
}

public sealed class IngestingProducersCdEventsInStrictMode(StrictCdEventsLedgerApp app) : IClassFixture<StrictCdEventsLedgerApp>
{
    [Fact]
    public async Task no_event_of_the_corpus_is_a_server_error_and_foreign_models_and_nonconforming_events_are_refused()
    {
        foreach (var file in Files())
        {
            var answer = await app.Client.SendAsync(Wire(file));
            ((int)answer.StatusCode).ShouldBeLessThan(500, $"{file}: {await answer.Content.ReadAsStringAsync()}");
        }
        await (await app.Client.SendAsync(Wire("jenkins-2.json"))).ShouldBeProblem(422, "unmappable-cdevent");
        var nonconforming = await (await app.Client.SendAsync(Wire("otel-bridge-demo-3.json"))).ShouldBeProblem(400, "invalid-cdevent");
        nonconforming.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["data/context/type"]);
    }
}
