using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Ingestion;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Decisions;

/// <summary>An event that breaks its version's rules without changing its meaning is recorded and flagged; strict mode refuses it.</summary>
public sealed class FlaggingNonconformingCdEvents
{
    [Fact]
    public void a_type_version_another_release_defines_is_flagged_by_its_type_and_refused_when_strict()
    {
        var updated = Sample("change_updated");
        updated["context"]!["type"] = "dev.cdevents.change.updated.0.1.2";

        var (none, flagged) = CdEventConformance.Assess(Read(updated), strict: false);
        (none, flagged.Single()).ShouldBe((null, "data/context/type"));
        var refused = CdEventConformance.Assess(Read(updated), strict: true).Refusal!;
        (refused.Status, refused.Type, refused.Errors!.Keys.Single()).ShouldBe((400, "invalid-cdevent", "data/context/type"));
        refused.Errors!["data/context/type"].Single().ShouldContain("dev.cdevents.change.updated.0.2.0");
    }

    [Fact]
    public void an_outcome_in_another_case_is_flagged_and_one_outside_the_enumeration_refused()
    {
        var failed = Sample("testsuiterun_finished");
        failed["subject"]!["content"]!["outcome"] = "Fail";
        var passed = Sample("testsuiterun_finished");
        passed["subject"]!["content"]!["outcome"] = "passed";

        var (none, flagged) = CdEventConformance.Assess(Read(failed), strict: false);
        (none, flagged.Single()).ShouldBe((null, "data/subject/content/outcome"));
        CdEventConformance.Assess(Read(failed), strict: true).Refusal!.Errors!.Keys.ShouldBe(["data/subject/content/outcome"]);
        CdEventConformance.Assess(Read(passed), strict: false).Refusal!.Errors!.Keys.ShouldBe(["data/subject/content/outcome"]);
    }

    [Fact]
    public void a_conforming_event_is_neither_flagged_nor_refused()
    {
        var (refusal, flagged) = CdEventConformance.Assess(Read(Sample("service_deployed")), strict: true);
        (refusal, flagged.Count).ShouldBe((null, 0));
    }

    private static JsonObject Sample(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(PostgresServer.RepositoryRoot(), "contracts", "samples", "cdevents", name + ".json")))!.AsObject();

    private static JsonElement Read(JsonObject cdevent) => JsonDocument.Parse(cdevent.ToJsonString()).RootElement.Clone();
}
