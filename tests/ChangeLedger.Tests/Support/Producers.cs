using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// CDEvents as real producers send them (../shared/vendor/cdevents-producers, never copied): each file is a CDEvent, a
/// whole envelope, or the headers and body a binary-mode producer sends; manifest.json says which, and how it travels.
/// </summary>
public static class Producers
{
    public const string Folder = "cdevents-producers";

    public static IEnumerable<string> Files() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Vendor.Folder(Folder), "manifest.json")))!.AsArray().Select(e => e!["file"]!.GetValue<string>());

    /// <summary>The file's JSON, with <paramref name="rewrite"/> applied to its text first (a test's own repository or commit).</summary>
    public static JsonObject Read(string file, Func<string, string>? rewrite = null)
    {
        var text = File.ReadAllText(Path.Combine(Vendor.Folder(Folder), file));
        return JsonNode.Parse(rewrite?.Invoke(text) ?? text)!.AsObject();
    }

    private static string Transport(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Vendor.Folder(Folder), "manifest.json")))!.AsArray()
            .Single(e => e!["file"]!.GetValue<string>() == file)!["transport"]!.GetValue<string>();

    /// <summary>The request the producer itself sends: its headers (a list value twice), its body as it writes it (a string body as the JSON string it is).</summary>
    public static HttpRequestMessage Wire(string file, Func<string, string>? rewrite = null) => Wire(Read(file, rewrite), Transport(file));

    public static HttpRequestMessage Wire(JsonObject json, string transport)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/cdevents");
        if (json["headers"] is JsonObject headers && json.ContainsKey("body"))
        {
            var body = json["body"]!;
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
            foreach (var (name, value) in headers)
            {
                var values = value is JsonArray list ? list.Select(v => v!.GetValue<string>()).ToArray() : [value!.GetValue<string>()];
                foreach (var v in values)
                    if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content.Headers.TryAddWithoutValidation("Content-Type", v);
                    else request.Headers.TryAddWithoutValidation(name, v);
            }
            return request;
        }
        if (transport == "structured")
        {
            request.Content = new StringContent(CdEvents.Envelope(json).ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/cloudevents+json"));
            return request;
        }
        // raw-json (a bare CDEvent) and envelope (Jenkins' CloudEvents 0.3 object): posted as application/json.
        request.Content = new StringContent(json.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return request;
    }

    /// <summary>The CDEvent a file carries (a binary body, or the file itself).</summary>
    public static JsonObject CdEvent(string file, Func<string, string>? rewrite = null)
    {
        var json = Read(file, rewrite);
        return json["body"] is JsonObject body ? body : json;
    }

    /// <summary>The same CDEvent as a conforming structured CloudEvent 1.0 would carry it: its own fresh, real id.</summary>
    public static HttpRequestMessage Conforming(JsonObject cdevent)
    {
        var copy = cdevent.DeepClone().AsObject();
        copy["context"]!["id"] = Guid.NewGuid().ToString();
        return CdEvents.Structured(copy);
    }

    public static async Task<JsonElement> Answer(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
