using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ChangeLedger.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChangeLedger.Tests.Deploy;

/// <summary>
/// Kubernetes manifests as the API server would receive them: YAML read with Kubernetes' own scalar rules (YAML 1.1:
/// <c>0440</c> is octal, unquoted <c>true</c> a boolean), a kustomization rendered (its resources, then its patches
/// merged by kind and name, lists of named items by name (new ones first), <c>null</c> removing a key: the strategic merge the overlays
/// use), and objects validated against the Kubernetes OpenAPI schemas of the npm package <c>kubernetes-models</c>.
/// </summary>
public static class Manifests
{
    public static readonly string K8s = Path.Combine(PostgresServer.RepositoryRoot(), "deploy", "k8s");

    public static List<JsonObject> Load(string path) => Parse(File.ReadAllText(path));

    public static List<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml)) stream.Load(reader);
        return stream.Documents.Where(d => d.RootNode is YamlMappingNode).Select(d => (JsonObject)Json(d.RootNode)!).ToList();
    }

    /// <summary>The objects <c>kubectl kustomize folder</c> prints, in the order of the kustomization's resources.</summary>
    public static List<JsonObject> Render(string folder)
    {
        var kustomization = Load(Path.Combine(folder, "kustomization.yaml")).Single();
        var objects = new List<JsonObject>();
        foreach (var resource in Strings(kustomization["resources"]))
        {
            var path = Path.GetFullPath(Path.Combine(folder, resource));
            objects.AddRange(Directory.Exists(path) ? Render(path) : Load(path));
        }
        foreach (var patch in (kustomization["patches"] as JsonArray ?? []).Select(p => p!["path"]!.GetValue<string>()))
            foreach (var change in Load(Path.Combine(folder, patch)))
            {
                var target = objects.SingleOrDefault(o => Id(o) == Id(change))
                    ?? throw new ShouldAssertException($"{patch} patches {Id(change)}, which {folder} does not have");
                Merge(target, change);
            }
        return objects;
    }

    public static string Id(JsonObject o) => $"{o["kind"]}/{o["metadata"]?["name"]}";

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null) target.Remove(key);
            else if (value is JsonObject map && target[key] is JsonObject into) Merge(into, map);
            else if (value is JsonArray list && target[key] is JsonArray existing && Named(list) && Named(existing))
            {
                // As kustomize's strategic merge does: items the list lacks go first, in the patch's order.
                var added = 0;
                foreach (var item in list.Cast<JsonObject>())
                {
                    var same = existing.Cast<JsonObject>().SingleOrDefault(e => e["name"]!.GetValue<string>() == item["name"]!.GetValue<string>());
                    if (same is null) existing.Insert(added++, item.DeepClone());
                    else Merge(same, item);
                }
            }
            else target[key] = value.DeepClone();
        }
    }

    private static bool Named(JsonArray list) => list.All(i => i is JsonObject o && o["name"] is JsonValue);

    private static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n!.GetValue<string>());

    private static JsonNode? Json(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Json(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Json).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new ShouldAssertException($"unexpected YAML node {node.NodeType}"),
    };

    /// <summary>An unquoted scalar as Kubernetes reads it (YAML 1.1).</summary>
    private static JsonNode? Plain(string value) => value switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when value.Length > 1 && value[0] == '0' && value.All(char.IsAsciiDigit) => JsonValue.Create(Convert.ToInt64(value, 8)),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.Any(char.IsAsciiDigit) && !value.Contains(':') => JsonValue.Create(number),
        _ => JsonValue.Create(value),
    };

    /// <summary>
    /// The schema failures of each object, by <see cref="Id"/> (empty when valid), from <c>kubernetes-models</c>; objects
    /// of a kind it has no model for (a CloudNativePG Cluster) are answered as null.
    /// </summary>
    public static async Task<Dictionary<string, string?>> Validate(IEnumerable<JsonObject> objects)
    {
        var modules = await KubernetesModels();
        var folder = Directory.CreateTempSubdirectory("changeledger-k8s-").FullName;
        try
        {
            var input = Path.Combine(folder, "objects.json");
            await File.WriteAllTextAsync(input, new JsonArray(objects.Select(o => (JsonNode)o.DeepClone()).ToArray()).ToJsonString());
            var script = Path.Combine(PostgresServer.RepositoryRoot(), "tests", "ChangeLedger.Tests", "Deploy", "validate-k8s.mjs");
            var (exit, output) = await ServiceProcess.RunToEnd(new ProcessStartInfo("node", [script, modules, input]) { RedirectStandardOutput = true, RedirectStandardError = true });
            exit.ShouldBe(0, output);
            return JsonNode.Parse(output)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>());
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    public const string ModelsVersion = "5.1.0";

    /// <summary>The node_modules folder holding kubernetes-models, installed with npm once per clone under .local/.</summary>
    private static async Task<string> KubernetesModels()
    {
        var prefix = Path.Combine(PostgresServer.RepositoryRoot(), ".local", "npm", "kubernetes-models-" + ModelsVersion);
        var modules = Path.Combine(prefix, "node_modules");
        if (File.Exists(Path.Combine(modules, "kubernetes-models", "package.json"))) return modules;
        Tools.Require("node", "Node.js (Debian: apt-get install nodejs npm)");
        Tools.Require("npm", "npm (Debian: apt-get install npm)");
        Directory.CreateDirectory(prefix);
        var (exit, output) = await ServiceProcess.RunToEnd(new ProcessStartInfo("npm",
            ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", "--silent", "kubernetes-models@" + ModelsVersion])
        { RedirectStandardOutput = true, RedirectStandardError = true });
        exit.ShouldBe(0, "npm install kubernetes-models: " + output);
        return modules;
    }
}
