using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Support.CdEvents;

namespace ChangeLedger.Tests.Api.Ingestion;

/// <summary>
/// The CDEvents specification's own conformance examples (../shared/vendor/cdevents-examples), sent as a producer sends them, in each
/// HTTP mode on a database of its own: they all describe one change (mySubject123, one chain), so each mode tells the
/// whole story once.
/// </summary>
public abstract class IngestingConformanceCdEvents(LedgerApp app, Mode mode)
{
    /// <summary>The examples in the order a change lives them, with what the ledger answers each.</summary>
    private static readonly (string Name, int Status)[] Story =
    [
        ("change_created", 201), ("change_updated", 202), ("pipelinerun_finished", 201), ("taskrun_finished", 201),
        ("testsuiterun_finished", 201), ("testcaserun_finished", 201), ("build_finished", 201), ("change_reviewed", 202),
        ("artifact_packaged", 201), ("artifact_published", 201), ("artifact_signed", 201), ("change_merged", 201),
        ("service_deployed", 201), ("service_upgraded", 201), ("service_rolledback", 201), ("incident_detected", 201), ("incident_resolved", 201),
        // A merged and released change is past abandoning: the refusal every write of it would get.
        ("change_abandoned", 409),
    ];

    [SkippableFact]
    public async Task every_example_is_recorded_on_one_change_or_ignored_and_none_fails()
    {
        var foreign = ConformanceNames().Except(Story.Select(s => s.Name)).ToList();
        var events = Story.Select(s => Conformance(s.Name)).Concat(foreign.Select(Conformance)).ToList();

        var statuses = await Send(events);

        statuses.Take(Story.Length).ShouldBe(Story.Select(s => s.Status));
        statuses.Skip(Story.Length).ShouldAllBe(status => status == 202);
        foreign.ShouldContain("pipelinerun_started");
        foreign.ShouldContain("ticket_created");

        var summary = await app.Get<ChangeSummary>("/v1/changes/mySubject123");
        (summary.Repository, summary.Owner, summary.Title).ShouldBe(("example.org/TestRepo/TestOrg", "unassigned", "This PR address a bug from a recent PR"));
        summary.Status.ShouldBe(ChangeStatus.Released);

        var evidence = await app.Get<Evidence>("/v1/changes/mySubject123/evidence");
        evidence.Checks.Select(c => (c.Check, c.LatestOnHead!.Outcome)).OrderBy(c => c.Check, StringComparer.Ordinal).ShouldBe(
        [
            ("Auth TestSuite", ValidationOutcome.Failed), ("Login Test", ValidationOutcome.Passed), ("build", ValidationOutcome.Passed),
            ("myPipeline", ValidationOutcome.Failed), ("myTask", ValidationOutcome.Failed),
        ]);
        evidence.Attestations!.Select(a => a.Name).ShouldBe(["cdevents.artifact.packaged", "cdevents.artifact.published", "cdevents.artifact.signed"]);

        var release = await app.Get<ReleaseView>("/v1/changes/mySubject123/release");
        release.Releases.Select(r => (r.Environment, r.ReleasedOutsideGate, r.RollBack)).ShouldBe(
            [("test123", true, null), ("test123", true, null), ("test123", true, true)]);
        var trail = await app.Get<AuditTrail>("/v1/changes/mySubject123/trail");
        trail.Events.Select(e => e.Data.TryGetProperty("correlation", out var rule) ? rule.GetString() : null).Distinct().ShouldBe(["subject", "chain"]);
    }

    private async Task<List<int>> Send(List<JsonObject> events)
    {
        if (mode == Mode.Batch)
            return [.. (await (await app.Client.SendAsync(Batch(events))).Read<IngestionResults>(200)).Results.Select(r => r.Status)];
        var statuses = new List<int>();
        foreach (var e in events)
            statuses.Add((int)(await app.Client.SendAsync(mode == Mode.Structured ? Structured(e) : Binary(e))).StatusCode);
        return statuses;
    }
}

public sealed class IngestingConformanceCdEventsStructured(LedgerApp app) : IngestingConformanceCdEvents(app, Mode.Structured), IClassFixture<LedgerApp>;

public sealed class IngestingConformanceCdEventsBinary(LedgerApp app) : IngestingConformanceCdEvents(app, Mode.Binary), IClassFixture<LedgerApp>;

public sealed class IngestingConformanceCdEventsBatch(LedgerApp app) : IngestingConformanceCdEvents(app, Mode.Batch), IClassFixture<LedgerApp>;
