using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Ingestion;
using ChangeLedger.Tests.Support;
using Json.Schema;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// The ledger's own CDEvents rules (CdEventReleases) against the specification's published JSON schemas, evaluated
/// by a JSON Schema library (both third-party, in ../shared/vendor): every official example of a mapped type, of every
/// release, conforms to both; and for every mapped type in every release, each single-member change of its examples
/// (a member removed, given a value of the wrong type, emptied, given a value outside any enumeration, a member added
/// at every level) gets the same verdict from both, with every kind of change refused by both at least once. With
/// <c>format</c> asserted, the schemas refuse exactly the changes the ledger refuses or remarks on (a format).
/// </summary>
public sealed class AgreeingWithTheSpecSchemas(ITestOutputHelper output)
{
    private const string Schemas = "cdevents-schemas";

    [SkippableFact]
    public void every_official_example_of_a_mapped_type_conforms_to_both()
    {
        var examples = OfficialExamples().ToList();

        CdEventReleases.Described.Except(examples.Select(e => Key(e.Event))).ShouldBeEmpty("every type the ledger describes has an official example");
        foreach (var (file, cdevent) in examples)
        {
            var (schema, rules) = Both(cdevent);
            schema.Evaluate(cdevent, SchemaOptions).IsValid.ShouldBeTrue(file);
            CdEventConformance.Violations(cdevent, rules).Select(v => $"{file}: {v.Path} {v.Message}").ShouldBeEmpty();
        }
    }

    [SkippableFact]
    public void every_single_member_change_of_every_example_gets_the_same_verdict_from_both()
    {
        var disagreements = new List<string>();
        var refusedByBoth = new Dictionary<(string Release, string Type), HashSet<string>>();
        var changes = 0;
        foreach (var (file, cdevent) in OfficialExamples())
        {
            var (schema, rules) = Both(cdevent);
            var key = Key(cdevent);
            foreach (var (what, mutated) in Mutations(JsonNode.Parse(cdevent.GetRawText())!.AsObject()))
            {
                changes++;
                var element = JsonDocument.Parse(mutated.ToJsonString()).RootElement;
                var theirs = schema.Evaluate(element, SchemaOptions).IsValid;
                var ours = !CdEventConformance.Violations(element, rules).Any(v => v.Refuses);
                if (theirs != ours) disagreements.Add($"{file} {what}: schema {(theirs ? "accepts" : "refuses")}, ledger {(ours ? "accepts" : "refuses")}");
                else if (!ours) (refusedByBoth.TryGetValue(key, out var kinds) ? kinds : refusedByBoth[key] = []).Add(what.Split(' ')[0]);
            }
        }
        output.WriteLine($"{changes} single-member changes compared");

        disagreements.Take(20).ShouldBeEmpty();
        foreach (var described in CdEventReleases.Described)
            refusedByBoth.GetValueOrDefault(described, []).ShouldBe(["added", "emptied", "removed", "retyped", "unlisted"], ignoreOrder: true,
                $"{described}: each kind of change is refused by both at least once");
    }

    [SkippableFact]
    public void with_formats_asserted_the_schema_refuses_exactly_what_the_ledger_remarks_on_or_refuses()
    {
        var disagreements = new List<string>();
        var formats = 0;
        foreach (var (file, cdevent) in OfficialExamples())
        {
            var (schema, rules) = Both(cdevent);
            foreach (var (what, mutated) in Mutations(JsonNode.Parse(cdevent.GetRawText())!.AsObject()))
            {
                var element = JsonDocument.Parse(mutated.ToJsonString()).RootElement;
                var theirs = schema.Evaluate(element, FormatOptions.Value).IsValid;
                var violations = CdEventConformance.Violations(element, rules);
                if (theirs != (violations.Count == 0)) disagreements.Add($"{file} {what}: schema {(theirs ? "accepts" : "refuses")}, ledger {string.Join("; ", violations.Select(v => $"{v.Kind} {v.Path}"))}");
                formats += violations.Count(v => !v.Refuses);
            }
        }
        output.WriteLine($"{formats} format remarks");
        disagreements.Take(20).ShouldBeEmpty();
        formats.ShouldBeGreaterThan(0);
    }

    /// <summary>A member removed, a number, an empty string or a value no enumeration lists in its place, and a member added beside it; at every level.</summary>
    private static IEnumerable<(string What, JsonObject Event)> Mutations(JsonObject root)
    {
        foreach (var (path, node) in Objects(root, "data"))
        {
            yield return ($"added {path}/unexpectedMember", Changed(root, node, o => o["unexpectedMember"] = "x"));
            foreach (var name in node.Select(p => p.Key).ToList())
            {
                yield return ($"removed {path}/{name}", Changed(root, node, o => o.Remove(name)));
                yield return ($"retyped {path}/{name}", Changed(root, node, o => o[name] = 42));
                if (node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                {
                    yield return ($"emptied {path}/{name}", Changed(root, node, o => o[name] = ""));
                    yield return ($"unlisted {path}/{name}", Changed(root, node, o => o[name] = "unlisted-value"));
                }
            }
        }
    }

    /// <summary>Every object in the event with its path, the event itself first.</summary>
    private static IEnumerable<(string Path, JsonObject Node)> Objects(JsonNode node, string path)
    {
        if (node is JsonObject o)
        {
            yield return (path, o);
            foreach (var (name, child) in o)
                if (child is not null) foreach (var inner in Objects(child, $"{path}/{name}")) yield return inner;
        }
        else if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++)
                if (a[i] is { } item) foreach (var inner in Objects(item, $"{path}/{i}")) yield return inner;
    }

    /// <summary>A copy of the event with one object in it changed (found again in the copy by its place).</summary>
    private static JsonObject Changed(JsonObject root, JsonObject target, Action<JsonObject> change)
    {
        var path = target.GetPath();
        var copy = root.DeepClone().AsObject();
        var inCopy = Objects(copy, "data").Single(o => o.Node.GetPath() == path).Node;
        change(inCopy);
        return copy;
    }

    private static IEnumerable<(string File, JsonElement Event)> OfficialExamples()
    {
        var examples = Vendor.Folder(CdEvents.ExamplesFolder);
        var files = Directory.GetFiles(Path.Combine(examples, "versions"), "*.json", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(examples, "conformance"), "*.json"))
            .Concat(Directory.GetFiles(Vendor.Folder("cdevents-spec-conformance"), "*.json"));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var cdevent = JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone();
            if (CdEventMapping.Mapped(cdevent.GetProperty("context").GetProperty("type").GetString()!) is not null)
                yield return (Path.GetRelativePath(Path.GetDirectoryName(examples)!, file), cdevent);
        }
    }

    private static (string Release, string Type) Key(JsonElement cdevent)
    {
        var context = cdevent.GetProperty("context");
        var version = (context.TryGetProperty("specversion", out var v) ? v : context.GetProperty("version")).GetString()!;
        return (CdEventReleases.ReleaseOf[version], context.GetProperty("type").GetString()!);
    }

    /// <summary>The published schema and the ledger's rules for the example's release and type; both must exist.</summary>
    private static (JsonSchema Schema, ObjectOf Rules) Both(JsonElement cdevent)
    {
        var (release, type) = Key(cdevent);
        var rules = CdEventReleases.Event(release, type) ?? throw new InvalidOperationException($"the ledger describes no {type} in {release}");
        return (Loaded.Value.ByType[(release, type)], rules);
    }

    private static readonly Lazy<(EvaluationOptions Options, Dictionary<(string, string), JsonSchema> ByType)> Loaded = new(LoadSchemas);

    private static EvaluationOptions SchemaOptions => Loaded.Value.Options;

    /// <summary>The same schemas with <c>format</c> asserted, as a validator may be asked to.</summary>
    private static readonly Lazy<EvaluationOptions> FormatOptions = new(() =>
    {
        var options = EvaluationOptions.From(Loaded.Value.Options);
        options.RequireFormatValidation = true;
        return options;
    });

    /// <summary>Every schema of every release, each registered under its $id so the events' references to their link schemas resolve.</summary>
    private static (EvaluationOptions, Dictionary<(string, string), JsonSchema>) LoadSchemas()
    {
        var root = Vendor.Folder(Schemas);
        var options = new EvaluationOptions();
        var byType = new Dictionary<(string, string), JsonSchema>();
        foreach (var file in Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var node = JsonNode.Parse(text)!.AsObject();
            var schema = JsonSchema.FromText(text);
            if (node["$id"] is null)
            {
                // 0.4.0's link schemas have no $id; its event schemas reach them as "/schema/links/<file>.json" from
                // https://cdevents.dev/0.4.0/schema/..., which resolves to this address.
                options.SchemaRegistry.Register(new Uri("https://cdevents.dev/schema/links/" + Path.GetFileName(file)), schema);
                continue;
            }
            options.SchemaRegistry.Register(schema);
            if (node["properties"]?["context"]?["properties"]?["type"]?["enum"] is JsonArray { Count: 1 } types)
                byType[(Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar)[0], types[0]!.GetValue<string>())] = schema;
        }
        return (options, byType);
    }
}
