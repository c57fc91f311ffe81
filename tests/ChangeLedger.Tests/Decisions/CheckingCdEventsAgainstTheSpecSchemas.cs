using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Ingestion;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// The CDEvents specification's JSON schemas, as the ledger carries them: every example the specification publishes,
/// from 0.3 to the 0.6 draft, conforms; an event that breaks its version's schema is named member by member.
/// </summary>
public sealed class CheckingCdEventsAgainstTheSpecSchemas
{
    public static TheoryData<string> Examples()
    {
        var root = PostgresServer.RepositoryRoot();
        return new TheoryData<string>(CdEvents.EveryExampleFile().Select(f => Path.GetRelativePath(root, f)));
    }

    [Fact]
    public void every_published_spec_version_is_carried_with_a_schema_for_each_of_its_event_types()
    {
        CdEventSchemas.Count().ShouldBe(new Dictionary<string, int>
        {
            ["0.3.0"] = 39, ["0.4.0"] = 45, ["0.4.1"] = 45, ["0.5.1"] = 45, ["0.6.0-draft"] = 48,
        }, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void each_example_of_the_specification_conforms_to_its_versions_schema(string file)
    {
        var example = Read(File.ReadAllText(Path.Combine(PostgresServer.RepositoryRoot(), file)));
        var context = example.GetProperty("context");
        var version = (context.TryGetProperty("specversion", out var v) ? v : context.GetProperty("version")).GetString()!;
        // Checked, not skipped: every example's version has a schema set, and its type a schema in it.
        CdEventSchemas.SchemaSetOf.ShouldContainKey(version);
        CdEventSchemas.Check(example).ShouldBeNull();
        CdEventSchemas.Check(Read(Broken(example, c => c.Remove("id")))).ShouldNotBeNull();
    }

    [Fact]
    public void a_missing_context_member_a_value_outside_its_enum_and_a_member_the_version_lacks_are_each_named()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(PostgresServer.RepositoryRoot(), "tests", "ChangeLedger.Tests", "Fixtures", "cdevents", "conformance", "testcaserun_finished.json")))!.AsObject();
        example["context"]!.AsObject().Remove("timestamp");
        example["context"]!["build"] = "42";
        example["subject"]!["content"]!["outcome"] = "passed";

        var problem = CdEventSchemas.Check(Read(example.ToJsonString()))!;

        (problem.Status, problem.Type).ShouldBe((400, "invalid-cdevent"));
        problem.Detail.ShouldContain("CDEvents 0.6.0-draft JSON schema of dev.cdevents.testcaserun.finished.0.3.0");
        problem.Errors!.Keys.ShouldBe(["data/context", "data/context/build", "data/subject/content/outcome"], ignoreOrder: true);
        problem.Errors["data/context"].ShouldContain(m => m.Contains("timestamp"));
        problem.Errors["data/context/build"].ShouldBe(["This member is not part of the event in this CDEvents version."]);
        problem.Errors["data/subject/content/outcome"].ShouldContain(m => m.Contains("pass") && m.Contains("fail"));
    }

    [Fact]
    public void a_04_event_that_names_its_version_the_05_way_is_refused_as_04_reads_it()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(PostgresServer.RepositoryRoot(), "tests", "ChangeLedger.Tests", "Fixtures", "cdevents", "versions", "0.4.1", "pipelinerun_finished.json")))!.AsObject();
        var context = example["context"]!.AsObject();
        context["specversion"] = context["version"]!.GetValue<string>();
        context.Remove("version");

        var problem = CdEventSchemas.Check(Read(example.ToJsonString()))!;

        problem.Errors!["data/context"].ShouldContain(m => m.Contains("version"));
        problem.Errors["data/context/specversion"].ShouldBe(["This member is not part of the event in this CDEvents version."]);
    }

    [Fact]
    public void a_050_event_is_read_by_the_051_schemas_that_fixed_the_context_050_required_and_its_own_examples_lack()
    {
        var example = Read(File.ReadAllText(Path.Combine(PostgresServer.RepositoryRoot(), "tests", "ChangeLedger.Tests", "Fixtures", "cdevents", "versions", "0.5.0", "pipelinerun_finished.json")));
        example.GetProperty("context").GetProperty("specversion").GetString().ShouldBe("0.5.0");
        CdEventSchemas.SchemaSetOf["0.5.0"].ShouldBe("0.5.1");
        CdEventSchemas.Check(example).ShouldBeNull();
    }

    [Theory]
    [InlineData("0.7.0", "dev.cdevents.pipelinerun.finished.0.3.0")]
    [InlineData("0.6.0-draft", "dev.cdevents.changewindow.started.0.1.0-draft")]
    public void a_version_or_type_no_published_schema_covers_is_not_checked_here(string version, string type)
    {
        var cdevent = new JsonObject
        {
            ["context"] = new JsonObject { ["specversion"] = version, ["id"] = "1", ["type"] = type, ["anything"] = true },
            ["subject"] = new JsonObject(),
        };
        CdEventSchemas.Check(Read(cdevent.ToJsonString())).ShouldBeNull();
    }

    private static string Broken(JsonElement example, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(example.GetRawText())!.AsObject();
        change(node["context"]!.AsObject());
        return node.ToJsonString();
    }

    private static JsonElement Read(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
