using System.Text;
using System.Text.Json.Nodes;

namespace ChangeLedger.ReliabilityTests.Support;

/// <summary>One hostile request: what is sent, and a few words saying what is wrong with it.</summary>
public sealed record HostileRequest(string Method, string Path, byte[]? Body, string? ContentType, string? Accept, string Key, string What)
{
    /// <summary>A release the verdict refuses answers 409 with the verdict (not a problem document) and records it (docs/api.md).</summary>
    public bool IsRelease => Path.EndsWith("/releases", StringComparison.Ordinal);
}

/// <summary>
/// Seeded hostile input over every write endpoint, the batch endpoint and the CDEvents endpoint: a valid body with one
/// thing broken (a member dropped, of the wrong type, huge, with NUL or control characters, repeated, deeply nested),
/// or no JSON at all (invalid UTF-8, truncated, empty), sent with any content type and any Accept.
/// </summary>
public sealed class HostileRequests(int seed, string changeId, string holdId, IReadOnlyList<string> keys)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Accepts =
        ["application/json", "application/problem+json", "text/csv", "text/plain", "text/html", "application/x-ndjson", "application/xml", "*/*", "", "garbage/;;;", "image/png, */*;q=0.1"];

    private static readonly string[] ContentTypes =
        ["application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "text/plain", "application/xml", "application/x-www-form-urlencoded",
         "multipart/form-data; boundary=x", "application/cloudevents+json", "application/cloudevents-batch+json", "", "application/json; charset=\"utf-16\"", "application/json;;;"];

    private static readonly string[] WeirdIds = ["", "%20", "a%2Fb", "..", "%2E%2E", "x%01y", "%C3%A9t%C3%A9", new('a', 129), "a b", "%FF%FE", "-leading", "ok:id@x+y.z"];

    private (string Method, string Path, JsonNode Body)[] Templates(string id) =>
    [
        ("POST", "/v1/changes", Obj(("changeId", id + "-new-" + _random.Next(1_000_000)), ("repository", "github.com/acme/fuzz"), ("title", "Fuzzed"), ("headCommit", "c0ffee1"),
            ("owner", "alice"), ("submittedBy", "ci-bot"), ("origin", Obj(("kind", "generated"), ("tool", "claude-code"), ("requestedBy", "alice"))),
            ("scope", Obj(("includes", new JsonArray("src/**")))), ("acceptanceCriteria", new JsonArray("works")))),
        ("POST", $"/v1/changes/{id}/revisions", Obj(("headCommit", "d00d1e5"), ("revisedBy", "ci-bot"), ("summary", "fix"))),
        ("POST", $"/v1/changes/{id}/ownership", Obj(("to", "frank"), ("by", "alice"), ("reason", "rotation"))),
        ("POST", $"/v1/changes/{id}/validations", Obj(("check", "unit"), ("commit", "c0ffee1"), ("outcome", "passed"), ("runner", "gha"), ("command", "make test"), ("durationMs", 1200))),
        ("POST", $"/v1/changes/{id}/reviews", Obj(("reviewer", "erin"), ("decision", "accepted"), ("commit", "c0ffee1"), ("comment", "fine"))),
        ("POST", $"/v1/changes/{id}/splits", Obj(("children", new JsonArray(Obj(("changeId", id + "-s" + _random.Next(1000)), ("title", "part")))), ("by", "erin"), ("reason", "big"))),
        ("POST", $"/v1/changes/{id}/holds", Obj(("kind", "manual"), ("reason", "wait"), ("placedBy", "dana"), ("expiresAt", "2030-01-01T00:00:00Z"))),
        ("POST", $"/v1/changes/{id}/holds/{holdId}/lift", Obj(("liftedBy", "erin"), ("justification", "ok"))),
        ("POST", $"/v1/changes/{id}/withdrawal", Obj(("by", "alice"), ("reason", "superseded"))),
        ("POST", $"/v1/changes/{id}/releases", Obj(("environment", "prod"), ("version", "1.0.0"), ("releasedBy", "release-bot"))),
        ("PUT", "/v1/repositories/github.com%2Facme%2Ffuzz/policy", Obj(("requiredChecks", new JsonArray("unit")), ("minApprovals", 1), ("generatedChangesNeedHumanReview", true), ("setBy", "ann"))),
        ("POST", "/v1/events", new JsonArray(Obj(("type", "validation_recorded"), ("changeId", id), ("check", "lint"), ("commit", "c0ffee1"), ("outcome", "failed"), ("runner", "gha")),
            Obj(("type", "hold_placed"), ("changeId", id), ("kind", "incident"), ("reason", "INC-1"), ("placedBy", "carol")))),
        ("POST", "/v1/cdevents", Obj(("specversion", "1.0"), ("id", "evt-" + _random.Next(1_000_000)), ("source", "https://ci.example.com/fuzz"),
            ("type", "dev.cdevents.testcaserun.finished.0.2.0"), ("datacontenttype", "application/json"),
            ("data", Obj(("context", Obj(("version", "0.4.1"), ("id", "x"), ("source", "https://ci.example.com/fuzz"), ("type", "dev.cdevents.testcaserun.finished.0.2.0"), ("timestamp", "2026-11-20T09:00:00Z"))),
                ("subject", Obj(("id", "t1"), ("source", "https://ci.example.com/fuzz"), ("type", "testCaseRun"), ("content", Obj(("outcome", "pass"), ("environment", Obj(("id", "ci"))))))),
                ("customData", Obj(("changeId", id), ("commit", "c0ffee1"))))))),
        ("POST", "/v1/access/keys", Obj(("name", "fuzz"), ("roles", new JsonArray("read")), ("repositories", new JsonArray("github.com/acme/*")))),
    ];

    public HostileRequest Next()
    {
        var templates = Templates(_random.Next(8) == 0 ? Pick(WeirdIds) : changeId);
        var (method, path, body) = Pick(templates);
        var key = _random.Next(20) switch { 0 => "", 1 => "cl_nope_nope", _ => Pick(keys) };
        var accept = Pick(Accepts);
        var contentType = _random.Next(4) == 0 ? Pick(ContentTypes) : path == "/v1/cdevents" ? "application/cloudevents+json" : "application/json";
        var (bytes, what) = Mutate(body);
        return new HostileRequest(method, path, bytes, contentType, accept, key, what);
    }

    private (byte[]? Body, string What) Mutate(JsonNode body)
    {
        switch (_random.Next(16))
        {
            case 0: return (null, "no body");
            case 1: return ([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d], "invalid UTF-8");
            case 2:
                var text = body.ToJsonString();
                return (Encoding.UTF8.GetBytes(text[..(_random.Next(text.Length))]), "truncated JSON");
            case 3: return (Encoding.UTF8.GetBytes(new string('[', 5000 + _random.Next(50_000)) + new string(']', 100)), "deep nesting");
            case 4: return (Encoding.UTF8.GetBytes(Pick(["null", "true", "42", "\"text\"", "[]", "{}", "[{}]", "[null]", "{\"\":{}}", "1e400", "-0", "NaN"])), "boundary JSON");
            case 5:
            {
                // A member repeated, the copies disagreeing in type.
                var json = body.ToJsonString();
                var member = Members(body).FirstOrDefault() ?? "type";
                return (Encoding.UTF8.GetBytes(json.Insert(json.IndexOf('{') + 1, $"\"{member}\":1,")), "duplicate member " + member);
            }
            case 6: return (Encoding.UTF8.GetBytes(body.ToJsonString().Replace("\"fix\"", "\"f\\u0000x\"").Replace("\"wait\"", "\"w\\u0000\"").Replace("\"ok\"", "\"\\u0000\"")
                .Replace("\"rotation\"", "\"r\\u0000\"").Replace("\"fine\"", "\"\\u0000\\u0001\\u001f\"").Replace("\"Fuzzed\"", "\"\\u0000\"").Replace("\"big\"", "\"b\\u0000\"")
                .Replace("\"superseded\"", "\"\\u0000\"").Replace("\"make test\"", "\"\\u0000\"").Replace("\"INC-1\"", "\"\\u0000\"")), "NUL in text");
            case 7: return (Encoding.UTF8.GetBytes(body.ToJsonString().Replace("\"c0ffee1\"", "\"\\ud800\"").Replace("\"alice\"", "\"\\udfff\\ud800\"")), "lone surrogates");
            default:
            {
                var mutated = body.DeepClone();
                var what = MutateMember(mutated);
                return (Encoding.UTF8.GetBytes(mutated.ToJsonString()), what);
            }
        }
    }

    private string MutateMember(JsonNode body)
    {
        var target = body is JsonArray { Count: > 0 } items ? items[_random.Next(items.Count)] as JsonObject : body as JsonObject;
        if (target is null || target.Count == 0) return "empty";
        var member = Pick(target.Select(m => m.Key).ToArray());
        JsonNode? value = _random.Next(14) switch
        {
            0 => null,
            1 => 12345,
            2 => -1,
            3 => 1e300,
            4 => true,
            5 => new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode)JsonValue.Create("x" + i)).ToArray()),
            6 => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = 1 } },
            // Under the 1 MiB body limit, so it reaches validation (over the limit the service answers 413 and closes the connection mid-upload).
            7 => new string('x', _random.Next(2) == 0 ? 300 : 900_000),
            8 => "",
            9 => "   ",
            10 => "12",
            11 => target[member]?.ToString().ToUpperInvariant(),
            12 => "\u202e\u0007\t\r\n=cmd|' /C calc'!A0",
            _ => "9999-99-99T99:99:99Z",
        };
        if (_random.Next(10) == 0)
        {
            target.Remove(member);
            return "without " + member;
        }
        if (_random.Next(10) == 0)
        {
            target["unknownMember" + _random.Next(3)] = value;
            return "unknown member";
        }
        target[member] = value;
        return $"{member} = {Describe(value)}";
    }

    private static string Describe(JsonNode? value) => value?.ToJsonString() is { } s ? s.Length > 40 ? s[..40] + $"…({s.Length})" : s : "null";

    private static IEnumerable<string> Members(JsonNode body) =>
        (body as JsonObject ?? (body as JsonArray)?.FirstOrDefault() as JsonObject)?.Select(m => m.Key) ?? [];

    private T Pick<T>(IReadOnlyList<T> from) => from[_random.Next(from.Count)];

    private static JsonObject Obj(params (string Key, JsonNode? Value)[] members)
    {
        var node = new JsonObject();
        foreach (var (key, value) in members) node[key] = value;
        return node;
    }
}
