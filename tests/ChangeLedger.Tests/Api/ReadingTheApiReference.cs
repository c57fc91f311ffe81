using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ChangeLedger.Changes;
using ChangeLedger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// What a client developer reads in /openapi/v1.json and on the Scalar page must be what the service does: the
/// schema's required members are the ones the service refuses a body without, its enums the values it accepts.
/// </summary>
/// <summary>The service with GitHub Actions' issuer configured, so the trust-rule example names an issuer it accepts.</summary>
public sealed class ReferenceLedger(IMessageSink sink) : LedgerApp(sink)
{
    public override Task InitializeAsync()
    {
        Settings["Identity:Issuers:github:Issuer"] = "https://token.actions.githubusercontent.com";
        Settings["Identity:Issuers:github:Audiences:0"] = "https://ledger.example.com";
        return base.InitializeAsync();
    }
}

public sealed class ReadingTheApiReference(ReferenceLedger app) : IClassFixture<ReferenceLedger>
{
    private async Task<JsonObject> Document() => JsonNode.Parse(await app.Client.GetStringAsync("/openapi/v1.json"))!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject doc) =>
        doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => (p.Key, m.Key, m.Value!.AsObject())));

    [Fact]
    public async Task every_ledger_call_offers_the_bearer_key_field()
    {
        var doc = await Document();

        var scheme = doc["components"]!["securitySchemes"]!["Bearer"]!;
        scheme["type"]!.GetValue<string>().ShouldBe("http");
        scheme["scheme"]!.GetValue<string>().ShouldBe("bearer");
        foreach (var (path, method, operation) in Operations(doc))
            operation["security"]?[0]?["Bearer"].ShouldNotBeNull($"{method} {path} does not ask for the key");
        doc["info"]!["title"]!.GetValue<string>().ShouldBe("ChangeLedger API");
        // The reference opens on its first tag: the change lifecycle, not bulk ingestion.
        doc["tags"]![0]!["name"]!.GetValue<string>().ShouldBe("Changes");
    }

    [Fact]
    public async Task a_body_without_a_member_the_schema_requires_is_refused_naming_it_and_the_example_is_not()
    {
        var doc = await Document();
        var schemas = doc["components"]!["schemas"]!.AsObject();
        var checkedWrites = 0;
        foreach (var (path, method, operation) in Operations(doc))
        {
            // A route that takes two bodies (a summary or an envelope) is checked with the first.
            var requestSchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
            if ((requestSchema?["$ref"] ?? requestSchema?["oneOf"]?[0]?["$ref"])?.GetValue<string>() is not { } reference) continue;
            var schema = schemas[reference.Split('/')[^1]]!.AsObject();
            var example = schema["examples"]?[0]?.AsObject();
            example.ShouldNotBeNull($"{method} {path} has no example");
            var url = path.Replace("{changeId}", "ref-unknown-1").Replace("{holdId}", "hold-1").Replace("{repository}", "github.com%2Facme%2Freference")
                .Replace("{ruleId}", "reference-rule").Replace("{keyId}", "reference-signer").Replace("{subscriptionId}", "reference-hook")
                .Replace("{environment}", "reference-env").Replace("{windowId}", "reference-window");

            var whole = await Send(method, url, example);
            Refused(whole).ShouldBeEmpty($"{method} {path} refuses its own example");
            foreach (var (field, body) in WithoutEachRequiredMember(example, schema, schemas, ""))
                Refused(await Send(method, url, body)).ShouldContain(field, $"{method} {path} accepts a body without '{field}'");
            foreach (var optional in schema["properties"]!.AsObject().Select(p => p.Key).Except(Required(schema)))
            {
                var body = example.DeepClone().AsObject();
                body.Remove(optional);
                Refused(await Send(method, url, body)).ShouldNotContain(optional, $"{method} {path} requires '{optional}', which the schema calls optional");
            }
            checkedWrites++;
        }
        checkedWrites.ShouldBeGreaterThanOrEqualTo(12);
    }

    [Fact]
    public async Task closed_sets_are_enums_and_numbers_are_integers()
    {
        var doc = await Document();
        var schemas = doc["components"]!["schemas"]!;

        Values(schemas["OriginKind"]!["enum"]!).ShouldBe(["generated", "human"]);
        Values(schemas["ValidationOutcome"]!["enum"]!).ShouldBe(["passed", "failed", "errored", "skipped"]);
        Values(schemas["ProposeChangeRequest"]!["properties"]!["expectedVersion"]!["type"]!).ShouldBe(["null", "integer"]);
        Values(schemas["IssueKeyRequest"]!["properties"]!["roles"]!["items"]!["enum"]!).ShouldContain("ingest");
        var format = doc["paths"]!["/v1/exports/trail"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "format")!;
        Values(format["schema"]!["enum"]!).ShouldBe(["csv", "ndjson"]);

        // The wire agrees: a version sent as a string is refused.
        var asString = await Send("post", "/v1/changes/ref-unknown-1/withdrawal", new JsonObject { ["by"] = "alice", ["reason"] = "r", ["expectedVersion"] = "3" });
        ((int)asString.StatusCode).ShouldBe(400);
    }

    [Fact]
    public async Task the_batch_body_is_an_array_of_write_bodies_chosen_by_their_type()
    {
        var items = (await Document())["paths"]!["/v1/events"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;

        items["type"]!.GetValue<string>().ShouldBe("array");
        items["items"]!["discriminator"]!["propertyName"]!.GetValue<string>().ShouldBe("type");
        var kinds = app.Host.Services.GetServices<WriteKind>().Select(k => k.Type).Order().ToList();
        items["items"]!["discriminator"]!["mapping"]!.AsObject().Select(m => m.Key).Order().ShouldBe(kinds);
        items["items"]!["oneOf"]!.AsArray().Count.ShouldBe(kinds.Count);
    }

    [Fact]
    public async Task exports_say_they_answer_csv_or_ndjson()
    {
        var doc = await Document();

        foreach (var export in new[] { "/v1/exports/trail", "/v1/exports/ownership" })
            doc["paths"]![export]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key)
                .ShouldBe(["text/csv", "application/x-ndjson"], ignoreOrder: true);
    }

    [Fact]
    public async Task the_root_is_the_web_view_asking_to_sign_in_and_the_reference_names_the_ledger_and_holds_no_key()
    {
        var anonymous = app.ClientWith(null);

        var root = await anonymous.GetAsync("/");
        var page = await anonymous.GetStringAsync("/scalar/");

        ((int)root.StatusCode).ShouldBe(302);
        new Uri(new Uri("http://ledger.test"), root.Headers.Location!).AbsolutePath.ShouldBe("/signin");
        page.ShouldContain("ChangeLedger API");
        page.ShouldNotContain(app.AdminKey);
        page.ShouldNotContain("cl_");
    }

    private async Task<HttpResponseMessage> Send(string method, string url, JsonObject body) =>
        await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        });

    /// <summary>The members a 400 names; none for any other answer.</summary>
    private static List<string> Refused(HttpResponseMessage response)
    {
        if ((int)response.StatusCode != 400) return [];
        var problem = response.Content.ReadFromJsonAsync<JsonObject>().GetAwaiter().GetResult()!;
        return problem["errors"]?.AsObject().Select(e => e.Key).ToList() ?? [];
    }

    private static IEnumerable<(string Field, JsonObject Body)> WithoutEachRequiredMember(JsonObject example, JsonObject schema, JsonObject schemas, string prefix)
    {
        foreach (var member in Required(schema))
        {
            var body = example.DeepClone().AsObject();
            body.Remove(member);
            yield return (prefix + member, body);
        }
        // A nested body's own required members, as the problem names them (origin.kind).
        foreach (var (name, property) in schema["properties"]!.AsObject())
        {
            if (property?["$ref"]?.GetValue<string>() is not { } nested || example[name] is not JsonObject inner) continue;
            foreach (var (field, innerBody) in WithoutEachRequiredMember(inner, schemas[nested.Split('/')[^1]]!.AsObject(), schemas, $"{prefix}{name}."))
            {
                var body = example.DeepClone().AsObject();
                body[name] = innerBody;
                yield return (field, body);
            }
        }
    }

    private static List<string> Required(JsonObject schema) => schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];

    private static List<string?> Values(JsonNode node) =>
        node is JsonArray array ? array.Select(v => v?.GetValue<string>()).ToList() : [node.GetValue<string>()];
}
