using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ChangeLedger.Ingestion;

/// <summary>
/// The CDEvents specification's own JSON schemas (draft 2020-12), one set per published spec version, carried in the
/// assembly (Ingestion/CdEventSchemas, Apache-2.0, see its NOTICE). A CDEvent is checked against the schema of its
/// <c>context.type</c> in the set of its spec version (<c>context.specversion</c>, or <c>context.version</c> before
/// 0.5); a spec version or type with no published schema (a later spec, <c>changewindow.*</c>) is not checked here.
/// </summary>
public static class CdEventSchemas
{
    /// <summary>The spec versions checked, each with the schema set it is checked against.</summary>
    public static readonly FrozenDictionary<string, string> SchemaSetOf = new Dictionary<string, string>
    {
        ["0.3.0"] = "0.3.0",
        ["0.4.0"] = "0.4.0",
        ["0.4.1"] = "0.4.1",
        // 0.5.0's schemas require a context 'version' its own examples do not carry (they send 'specversion');
        // 0.5.1 is the release that fixed exactly that, with the same event type versions.
        ["0.5.0"] = "0.5.1",
        ["0.5.1"] = "0.5.1",
        ["0.6.0-draft"] = "0.6.0-draft",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private const string ResourcePrefix = "cdevents-schemas/";

    private static readonly Lazy<Loaded> Schemas = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private sealed record Loaded(EvaluationOptions Options, FrozenDictionary<(string Set, string Type), JsonSchema> ByType);

    /// <summary>How many event schemas each set holds (the schemas are loaded, and every reference resolved, on first use).</summary>
    public static IReadOnlyDictionary<string, int> Count() =>
        Schemas.Value.ByType.Keys.GroupBy(k => k.Set).ToDictionary(g => g.Key, g => g.Count());

    public const string InvalidType = "invalid-cdevent";

    /// <summary>
    /// A 400 <c>invalid-cdevent</c> naming each violation by the member it concerns (<c>data/context/id</c>), or null
    /// when the CDEvent conforms or no published schema covers its spec version and type.
    /// </summary>
    public static Problem? Check(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object)
            return null;
        var version = Text(context, "specversion") ?? Text(context, "version");
        var type = Text(context, "type");
        if (version is null || type is null || !SchemaSetOf.TryGetValue(version, out var set)) return null;
        var loaded = Schemas.Value;
        if (!loaded.ByType.TryGetValue((set, type), out var schema)) return null;

        var results = schema.Evaluate(data, loaded.Options);
        if (results.IsValid) return null;
        var errors = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        Collect(results, errors);
        if (errors.Count == 0) errors["data"] = ["The CDEvent does not conform to its schema."];
        return new Problem(400, InvalidType, "The CDEvent does not conform to its schema",
            $"The CDEvent does not conform to the CDEvents {version} JSON schema of {type} (see errors); nothing was recorded.",
            errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>
    /// The errors of the failing nodes only: a branch of an anyOf/oneOf that failed while another matched is no
    /// violation, so the walk descends only into nodes that failed.
    /// </summary>
    private static void Collect(EvaluationResults node, SortedDictionary<string, List<string>> errors)
    {
        if (node.IsValid) return;
        foreach (var (_, message) in node.Errors ?? new Dictionary<string, string>())
        {
            var field = "data" + node.InstanceLocation;
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            if (!list.Contains(message)) list.Add(message);
        }
        foreach (var child in node.HasDetails ? node.Details : []) Collect(child, errors);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Loaded Load()
    {
        // The library's messages are process-wide; this is its only use here. The defaults name neither the values an
        // enum allows nor the member additionalProperties: false refuses (it fails against the schema 'false').
        ErrorMessages.Enum = "The value [[received]] is not one of [[values]].";
        ErrorMessages.FalseSchema = "This member is not part of the event in this CDEvents version.";
        var assembly = typeof(CdEventSchemas).Assembly;
        var options = new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical };
        var byType = new Dictionary<(string, string), JsonSchema>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var node = JsonNode.Parse(text)!.AsObject();
            var set = name[ResourcePrefix.Length..].Split('/')[0];
            var schema = JsonSchema.FromText(text);
            if (node["$id"] is null)
            {
                // 0.4.0's link schemas have no $id; its event schemas reach them as "/schema/links/<file>.json" from
                // https://cdevents.dev/0.4.0/schema/..., which resolves to this address.
                options.SchemaRegistry.Register(new Uri("https://cdevents.dev/schema/links/" + Path.GetFileName(name)), schema);
                continue;
            }
            options.SchemaRegistry.Register(schema);
            if (node["properties"]?["context"]?["properties"]?["type"]?["enum"] is JsonArray { Count: 1 } types)
                byType[(set, types[0]!.GetValue<string>())] = schema;
        }
        if (byType.Count == 0) throw new InvalidOperationException("The CDEvents schemas are missing from the assembly's resources.");
        return new Loaded(options, byType.ToFrozenDictionary());
    }
}
