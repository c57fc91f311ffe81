using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Ingestion;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// The ledger's own CDEvents conformance check, on the repository's samples (spec 0.4.1): every violation is named by
/// its member's path and kind. Its agreement with the specification's own schemas is AgreeingWithTheSpecSchemas.
/// </summary>
public sealed class CheckingCdEventConformance
{
    private static readonly string[] MappedKinds =
    [
        "change.created", "change.updated", "change.reviewed", "change.merged", "change.abandoned", "testsuiterun.finished", "testcaserun.finished",
        "pipelinerun.finished", "taskrun.finished", "build.finished", "artifact.packaged", "artifact.published", "artifact.signed",
        "service.deployed", "service.upgraded", "service.rolledback", "incident.detected", "incident.resolved",
    ];

    [Fact]
    public void every_mapped_type_is_described_in_every_release_and_nothing_else_is()
    {
        var described = CdEventReleases.Described.ToList();
        described.Count.ShouldBe(MappedKinds.Length * 5);
        described.Select(d => CdEventMapping.Mapped(d.Type)).Distinct().Order(StringComparer.Ordinal).ShouldBe(MappedKinds.Order(StringComparer.Ordinal));
        described.GroupBy(d => d.Release).Select(g => (g.Key, g.Count())).ShouldBe(
            [("0.3.0", 18), ("0.4.0", 18), ("0.4.1", 18), ("0.5.1", 18), ("0.6.0-draft", 18)], ignoreOrder: true);
    }

    [Theory]
    [InlineData("change_created")]
    [InlineData("change_updated")]
    [InlineData("change_reviewed")]
    [InlineData("change_abandoned")]
    [InlineData("testsuiterun_finished")]
    [InlineData("testcaserun_finished")]
    [InlineData("pipelinerun_finished")]
    [InlineData("service_deployed")]
    public void each_sample_conforms_to_its_release(string name)
    {
        var check = CdEventConformance.Check(Read(Sample(name)));

        check.ShouldNotBeNull();
        check.Value.Version.ShouldBe("0.4.1");
        check.Value.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void a_missing_member_a_wrong_type_a_value_outside_its_enumeration_and_an_unknown_member_are_each_named_with_their_kind()
    {
        var cdevent = Sample("testcaserun_finished");
        cdevent["context"]!.AsObject().Remove("timestamp");
        cdevent["context"]!["build"] = "42";
        cdevent["subject"]!["id"] = 7;
        cdevent["subject"]!["content"]!["outcome"] = "passed";

        var violations = CdEventConformance.Check(Read(cdevent))!.Value.Violations;
        var problem = CdEventConformance.Refusal(Read(cdevent))!;

        violations.Select(v => (v.Path, v.Kind)).ShouldBe([
            ("data/context/timestamp", ViolationKind.Missing), ("data/context/build", ViolationKind.UnknownMember),
            ("data/subject/id", ViolationKind.WrongType), ("data/subject/content/outcome", ViolationKind.NotInEnumeration),
        ], ignoreOrder: true);
        (problem.Status, problem.Type).ShouldBe((400, "invalid-cdevent"));
        problem.Detail.ShouldContain("CDEvents 0.4.1 schema of dev.cdevents.testcaserun.finished.0.2.0");
        problem.Errors!["data/context/build"].ShouldBe(["This member is not part of the event in this CDEvents version."]);
        problem.Errors["data/subject/content/outcome"].ShouldBe(["The value \"passed\" is not one of [\"pass\",\"fail\",\"cancel\",\"error\"]."]);
        problem.Errors["data/subject/id"].ShouldBe(["Expected a string; got a number."]);
    }

    [Fact]
    public void a_04_event_that_names_its_version_the_05_way_is_held_to_04_and_named_for_both()
    {
        var cdevent = Sample("pipelinerun_finished");
        var context = cdevent["context"]!.AsObject();
        context["specversion"] = context["version"]!.GetValue<string>();
        context.Remove("version");

        CdEventConformance.Check(Read(cdevent))!.Value.Violations.Select(v => (v.Path, v.Kind)).ShouldBe(
            [("data/context/version", ViolationKind.Missing), ("data/context/specversion", ViolationKind.UnknownMember)], ignoreOrder: true);
    }

    [Fact]
    public void links_are_checked_by_their_type_and_a_040_link_is_refused_as_that_release_published_it()
    {
        var cdevent = Sample("pipelinerun_finished");
        cdevent["context"]!["links"] = new JsonArray(
            new JsonObject { ["linkType"] = "PATH" },
            new JsonObject { ["linkType"] = "SIDEWAYS" },
            new JsonObject { ["linkType"] = "RELATION", ["linkKind"] = "TRIGGER", ["target"] = new JsonObject { ["contextId"] = "c-1" } });
        CdEventConformance.Check(Read(cdevent))!.Value.Violations.Select(v => (v.Path, v.Kind)).ShouldBe(
            [("data/context/links/0/from", ViolationKind.Missing), ("data/context/links/1/linkType", ViolationKind.NotInEnumeration)], ignoreOrder: true);

        // pipelinerun.finished is 0.2.0 in 0.4.0 as in 0.4.1; 0.4.0 spells the link members in snake case, outside 'properties'.
        cdevent["context"]!["version"] = "0.4.0";
        cdevent["context"]!["links"] = new JsonArray();
        CdEventConformance.Check(Read(cdevent))!.Value.Violations.ShouldBeEmpty();
        cdevent["context"]!["links"] = new JsonArray(new JsonObject { ["link_type"] = "END" });
        CdEventConformance.Check(Read(cdevent))!.Value.Violations.Select(v => (v.Path, v.Kind)).ShouldBe([("data/context/links/0/link_type", ViolationKind.UnknownMember)]);
    }

    [Fact]
    public void a_value_outside_its_format_is_named_as_a_remark_and_refuses_nothing()
    {
        var cdevent = Sample("service_deployed");
        cdevent["context"]!["timestamp"] = "yesterday";
        cdevent["context"]!["schemaUri"] = "schemas/custom";

        CdEventConformance.Check(Read(cdevent))!.Value.Violations.Select(v => (v.Path, v.Kind)).ShouldBe(
            [("data/context/timestamp", ViolationKind.Format), ("data/context/schemaUri", ViolationKind.Format)], ignoreOrder: true);
        CdEventConformance.Refusal(Read(cdevent)).ShouldBeNull();
    }

    [Fact]
    public void a_050_event_is_held_to_051_which_fixed_the_context_050_required_and_its_own_examples_lack()
    {
        CdEventReleases.ReleaseOf["0.5.0"].ShouldBe("0.5.1");
        CdEventReleases.Event("0.5.0", "dev.cdevents.pipelinerun.finished.0.3.0").ShouldBeSameAs(CdEventReleases.Event("0.5.1", "dev.cdevents.pipelinerun.finished.0.3.0"));
    }

    [Theory]
    [InlineData("0.7.0", "dev.cdevents.pipelinerun.finished.0.3.0")]
    [InlineData("0.6.0-draft", "dev.cdevents.changewindow.started.0.1.0-draft")]
    [InlineData("0.5.1", "dev.cdevents.change.merged.0.4.1")]
    public void a_version_or_type_no_release_defines_is_not_checked_here(string version, string type)
    {
        var cdevent = new JsonObject
        {
            ["context"] = new JsonObject { ["specversion"] = version, ["id"] = "1", ["type"] = type, ["anything"] = true },
            ["subject"] = new JsonObject(),
        };
        CdEventConformance.Check(Read(cdevent)).ShouldBeNull();
    }

    private static JsonObject Sample(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(PostgresServer.RepositoryRoot(), "contracts", "samples", "cdevents", name + ".json")))!.AsObject();

    private static JsonElement Read(JsonObject cdevent) => JsonDocument.Parse(cdevent.ToJsonString()).RootElement.Clone();
}
