using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace ChangeLedger.Ingestion;

/// <summary>
/// How producers actually put CDEvents on the wire, read as the CloudEvents 1.0 they mean (docs/cdevents.md,
/// "Producers"): a CloudEvents 0.3 envelope (Jenkins, Flux), a bare CDEvent posted as JSON (demo deployers), a body that
/// is a JSON string holding a whole CloudEvent (Spinnaker), a Content-Type header sent twice (Flux). Each is read for
/// what it says; anything that says two different things is refused naming what to change.
/// </summary>
public static class ProducerWireForms
{
    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>The request's one media type: a header repeated with the same value is one header; different values are refused.</summary>
    public static string? ContentType(HttpRequest request)
    {
        var values = request.Headers.ContentType.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return values switch
        {
            [] => null,
            [var one] => one,
            _ => throw new ArgumentException(
                $"The request carries {values.Count} different Content-Type values ({string.Join(" | ", values)}); send one Content-Type header."),
        };
    }

    /// <summary>A JSON body that is no CloudEvents mode by its media type: a whole envelope (a JSON string holding one, too) or a bare CDEvent; null otherwise.</summary>
    public static CloudEvent? Unlabelled(byte[] body)
    {
        var node = Parse(body);
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && JsonNode.Parse(text) is JsonObject inner) node = inner;
        if (node is not JsonObject json) return null;
        if (json.ContainsKey("specversion")) return Structured(json);
        if (json["context"] is JsonObject context && json["subject"] is JsonObject) return Bare(json, context);
        return null;
    }

    /// <summary>A structured envelope, a 0.3 one read as 1.0 (<c>schemaurl</c> is 1.0's <c>dataschema</c>); an id that is missing or empty becomes the placeholder <c>"0"</c> the content id replaces.</summary>
    public static CloudEvent Structured(JsonObject envelope)
    {
        if (envelope["specversion"]?.GetValueKind() == JsonValueKind.String && envelope["specversion"]!.GetValue<string>() == "0.3")
        {
            envelope["specversion"] = "1.0";
            if (envelope.Remove("schemaurl", out var schema)) envelope["dataschema"] = schema;
            envelope.Remove("datacontentencoding");
        }
        if (envelope["id"] is not JsonValue id || id.GetValueKind() != JsonValueKind.String || id.GetValue<string>().Length == 0) envelope["id"] = "0";
        return Formatter.DecodeStructuredModeMessage(System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString()), new System.Net.Mime.ContentType(IngestCdEvents.Structured), null);
    }

    /// <summary>A structured-mode body, which may be a 0.3 envelope or lack an id; a 1.0 one with an id is decoded as sent, byte for byte.</summary>
    public static CloudEvent Structured(byte[] body)
    {
        using (var document = JsonDocument.Parse(body))
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && CdEventMapping.Text(root, "specversion") == "1.0" && CdEventMapping.Text(root, "id") is { Length: > 0 })
                return Formatter.DecodeStructuredModeMessage(body, new System.Net.Mime.ContentType(IngestCdEvents.Structured), null);
        }
        return Parse(body) is JsonObject envelope ? Structured(envelope) : throw new ArgumentException("A structured CloudEvent is a JSON object.");
    }

    /// <summary>A CDEvent posted without an envelope: its context says what the envelope would have (id, source, type, time).</summary>
    private static CloudEvent Bare(JsonObject cdevent, JsonObject context)
    {
        string? Read(string member) => context[member] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0", ["id"] = Read("id"), ["source"] = Read("source"), ["type"] = Read("type"),
            ["datacontenttype"] = "application/json", ["data"] = cdevent.DeepClone(),
        };
        if (Read("timestamp") is { } time) envelope["time"] = time;
        return Structured(envelope);
    }

    /// <summary>A binary-mode body that is a JSON string holding a whole structured CloudEvent (Spinnaker sends both headers and that); null when it is anything else.</summary>
    public static CloudEvent? Wrapped(byte[] body) =>
        // Only a body that starts as a JSON string is parsed here: a binary CDEvent (an object) is decoded once, by the formatter.
        body.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'"', ..] && Parse(body) is JsonValue value && value.TryGetValue<string>(out var text) && TryParse(text) is JsonObject envelope && envelope.ContainsKey("specversion")
            ? Structured(envelope) : null;

    /// <summary>
    /// Jenkins' cdevents plugin sends its own model, not a CDEvent, as the data of a dev.cdevents.* envelope. Read as the
    /// CDEvent it stands for: a run named by its URL, its pipeline or stage, its outcome, and the commit and repository of
    /// <c>build.scmState</c> when Jenkins knows them (the commit correlates it). Null for data that is no Jenkins model.
    /// </summary>
    public static JsonElement? Jenkins(CloudEvent e, JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || data.TryGetProperty("context", out _) || !(data.TryGetProperty("build", out _) || data.TryGetProperty("stageName", out _)))
            return null;
        string? Extension(string name) => e[name] as string is { Length: > 0 } s ? s : null;
        var build = CdEventMapping.Text(data, "build", "fullUrl");
        var content = new JsonObject
        {
            ["pipelineName"] = Extension("pipelinename") ?? CdEventMapping.Text(data, "name"),
            ["taskName"] = Extension("taskname") ?? CdEventMapping.Text(data, "stageName"),
            ["url"] = build ?? CdEventMapping.Text(data, "stageNodeUrl") ?? Extension("url"),
            ["outcome"] = Extension("outcome") ?? CdEventMapping.Text(data, "build", "status"),
            ["commit"] = CdEventMapping.Text(data, "build", "scmState", "commit"),
        };
        var cdevent = new JsonObject
        {
            ["context"] = new JsonObject { ["id"] = e.Id, ["source"] = e.Source?.ToString(), ["type"] = e.Type, ["timestamp"] = e.Time?.ToString("O") },
            ["subject"] = new JsonObject { ["id"] = build ?? Extension("url") ?? e.Id, ["content"] = content },
            ["customData"] = new JsonObject { ["repository"] = CdEventMapping.Text(data, "build", "scmState", "url"), ["jenkins"] = JsonNode.Parse(data.GetRawText()) },
        };
        return JsonSerializer.SerializeToElement(cdevent);
    }

    private static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
