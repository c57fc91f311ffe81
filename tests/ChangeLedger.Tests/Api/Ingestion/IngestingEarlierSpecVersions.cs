using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Support.CdEvents;

namespace ChangeLedger.Tests.Api.Ingestion;

/// <summary>
/// The examples each released CDEvents version published (../shared/vendor/cdevents-examples/versions), sent unchanged in one batch as
/// a producer on that version would, each version on a database of its own (they all describe mySubject123): every
/// event is checked against its own version's rules and maps the way the 0.6 draft's does. 0.3 has no chain
/// (<c>chainId</c> came in 0.4, spelt <c>chain_id</c> in 0.4.0): there only the change's own events find it, and the
/// pipeline's are honestly uncorrelated.
/// </summary>
public abstract class IngestingEarlierSpecVersions(LedgerApp app, string version)
{
    private static readonly string[] Story =
    [
        "change_created", "change_updated", "pipelinerun_finished", "taskrun_finished", "testsuiterun_finished", "testcaserun_finished",
        "build_finished", "change_reviewed", "artifact_packaged", "artifact_published", "artifact_signed", "change_merged",
        "service_deployed", "service_upgraded", "service_rolledback", "incident_detected", "incident_resolved", "change_abandoned",
    ];

    [SkippableFact]
    public async Task every_example_is_recorded_on_one_change_or_ignored_and_none_is_refused()
    {
        var story = Story.Where(ExampleNames(version).Contains).ToList();
        var foreign = ExampleNames(version).Except(Story).ToList();

        var results = await (await app.Client.SendAsync(Batch([.. story.Concat(foreign).Select(name => Example(version, name))]))).Read<IngestionResults>(200);

        var answers = story.Concat(foreign).Zip(results.Results, (name, r) => $"{name} {r.Status}").ToList();
        answers.Take(story.Count).ShouldBe(story.Select(name => $"{name} {Expected(name)}"));
        results.Results.Take(story.Count).Where(r => r.Status == 202).Select(r => r.Result!.Value.GetProperty("ignored").GetString())
            .ShouldAllBe(reason => reason == "nothing-to-record" || (!Chained && reason == "uncorrelated"));
        answers.Skip(story.Count).ShouldAllBe(a => a.EndsWith(" 202"));
        results.Results.Skip(story.Count).ShouldAllBe(r => r.Result!.Value.GetProperty("ignored").GetString() == "unused-type");

        var summary = await app.Get<ChangeSummary>("/v1/changes/mySubject123");
        (summary.Repository, summary.Owner).ShouldBe(("example.org/TestRepo/TestOrg", "unassigned"));
        summary.Status.ShouldBe(Chained ? ChangeStatus.Released : ChangeStatus.Merged);
        if (!Chained) return;
        var evidence = await app.Get<Evidence>("/v1/changes/mySubject123/evidence");
        evidence.Checks.Single(c => c.Check == "myPipeline").LatestOnHead!.Outcome.ShouldBe(ValidationOutcome.Failed);
        evidence.Attestations!.Select(a => a.Name).ShouldContain("cdevents.artifact.published");
        var trail = await app.Get<AuditTrail>("/v1/changes/mySubject123/trail");
        trail.Events.Select(e => e.Data.TryGetProperty("correlation", out var rule) ? rule.GetString() : null).Distinct().ShouldBe(["subject", "chain"]);
    }

    private bool Chained => version != "0.3.0";

    /// <summary>The same answers the 0.6 draft's examples get (IngestingConformanceCdEvents); without a chain, 202 for what only a chain ties.</summary>
    private int Expected(string name) => name switch
    {
        "change_updated" or "change_reviewed" => 202,
        "change_abandoned" => 409,
        "change_created" or "change_merged" => 201,
        _ => Chained ? 201 : 202,
    };
}

public sealed class IngestingSpec030(LedgerApp app) : IngestingEarlierSpecVersions(app, "0.3.0"), IClassFixture<LedgerApp>;

public sealed class IngestingSpec040(LedgerApp app) : IngestingEarlierSpecVersions(app, "0.4.0"), IClassFixture<LedgerApp>;

public sealed class IngestingSpec041(LedgerApp app) : IngestingEarlierSpecVersions(app, "0.4.1"), IClassFixture<LedgerApp>;

public sealed class IngestingSpec050(LedgerApp app) : IngestingEarlierSpecVersions(app, "0.5.0"), IClassFixture<LedgerApp>;

public sealed class IngestingSpec051(LedgerApp app) : IngestingEarlierSpecVersions(app, "0.5.1"), IClassFixture<LedgerApp>;
