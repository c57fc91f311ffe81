using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChangeLedger.Tests.Support;

/// <summary>The sample CDEvents under contracts/samples/cdevents, sent the three ways CloudEvents travel over HTTP.</summary>
public static class CdEvents
{
    public enum Mode { Structured, Binary, Batch }

    /// <summary>A sample, rewritten onto other change ids and fresh CloudEvent ids so each test has its own changes.</summary>
    public static JsonObject Sample(string name, string change, string otherChange, string idPrefix)
    {
        var path = Path.Combine(PostgresServer.RepositoryRoot(), "contracts", "samples", "cdevents", name + ".json");
        var text = File.ReadAllText(path).Replace("payments-482", change).Replace("payments-483", otherChange).Replace("6b7d5a0e-", idPrefix + "-");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A sample sent as another CDEvents type (one the ledger does not map), under a fresh context id.</summary>
    public static JsonObject Retyped(JsonObject cdevent, string type, string id)
    {
        var copy = cdevent.DeepClone().AsObject();
        copy["context"]!["type"] = type;
        copy["context"]!["id"] = id;
        return copy;
    }

    /// <summary>
    /// The CDEvents specification's conformance example of a type (../shared/vendor/cdevents-examples/conformance), unchanged
    /// but for a fresh context id: the examples all share one, which CloudEvents reserve for a single event.
    /// </summary>
    public static JsonObject Conformance(string name)
    {
        var cdevent = JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceFolder, name + ".json")))!.AsObject();
        cdevent["context"]!["id"] = Guid.NewGuid().ToString();
        return cdevent;
    }

    /// <summary>An example of an earlier spec version (../shared/vendor/cdevents-examples/versions/&lt;version&gt;), unchanged but for a fresh context id.</summary>
    public static JsonObject Example(string version, string name)
    {
        var cdevent = JsonNode.Parse(File.ReadAllText(Path.Combine(VersionsFolder, version, name + ".json")))!.AsObject();
        cdevent["context"]!["id"] = Guid.NewGuid().ToString();
        return cdevent;
    }

    public static IEnumerable<string> ExampleNames(string version) =>
        Directory.GetFiles(Path.Combine(VersionsFolder, version), "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);

    public static IEnumerable<string> ConformanceNames() =>
        Directory.GetFiles(ConformanceFolder, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);

    public const string ExamplesFolder = "cdevents-examples";

    private static string VersionsFolder => Path.Combine(Vendor.Folder(ExamplesFolder), "versions");

    private static string ConformanceFolder => Path.Combine(Vendor.Folder(ExamplesFolder), "conformance");

    public static JsonObject Envelope(JsonObject cdevent)
    {
        var context = cdevent["context"]!;
        return new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = context["id"]!.GetValue<string>(),
            ["source"] = context["source"]!.GetValue<string>(),
            ["type"] = context["type"]!.GetValue<string>(),
            ["time"] = context["timestamp"]!.GetValue<string>(),
            ["datacontenttype"] = "application/json",
            ["data"] = cdevent.DeepClone(),
        };
    }

    public static HttpRequestMessage Structured(JsonObject cdevent) =>
        new(HttpMethod.Post, "/v1/cdevents") { Content = Body(Envelope(cdevent).ToJsonString(), "application/cloudevents+json") };

    public static HttpRequestMessage Batch(IEnumerable<JsonObject> cdevents) =>
        new(HttpMethod.Post, "/v1/cdevents")
        {
            Content = Body(new JsonArray([.. cdevents.Select(e => (JsonNode)Envelope(e))]).ToJsonString(), "application/cloudevents-batch+json"),
        };

    public static HttpRequestMessage Binary(JsonObject cdevent)
    {
        var context = cdevent["context"]!;
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/cdevents") { Content = Body(cdevent.ToJsonString(), "application/json") };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", context["id"]!.GetValue<string>());
        request.Headers.Add("ce-source", context["source"]!.GetValue<string>());
        request.Headers.Add("ce-type", context["type"]!.GetValue<string>());
        request.Headers.Add("ce-time", context["timestamp"]!.GetValue<string>());
        return request;
    }

    private static StringContent Body(string json, string mediaType) => new(json, Encoding.UTF8, new MediaTypeHeaderValue(mediaType));
}
