using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.ReliabilityTests.Support;

namespace ChangeLedger.ReliabilityTests;

/// <summary>
/// The authorization matrix of docs/security.md is the one source: every row called with a key of each role, inside
/// and outside the key's repositories, answers as the table says; every endpoint of the service has a row.
/// </summary>
public sealed class AuthorizingEveryEndpoint(ITestOutputHelper output)
{
    private const string In = "github.com/acme/in";
    private const string Out = "github.com/acme/out";

    public sealed record Row(string Method, string Template, IReadOnlySet<string> Roles, string Outside);

    public static (IReadOnlyList<string> Roles, IReadOnlyList<Row> Rows) Matrix()
    {
        var doc = File.ReadAllLines(Path.Combine(Published.RepositoryRoot(), "docs", "security.md"));
        var table = doc.SkipWhile(l => !l.StartsWith("<!-- authorization-matrix:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.StartsWith("<!-- authorization-matrix: end", StringComparison.Ordinal)).ToList();
        var header = Cells(table[0]);
        var roles = header.Skip(1).Take(header.Count - 2).Select(h => h.Trim('`')).ToList();
        var rows = table.Skip(2).Select(line =>
        {
            var cells = Cells(line);
            var endpoint = cells[0].Trim('`').Split(' ', 2);
            return new Row(endpoint[0], endpoint[1], roles.Where((_, i) => cells[i + 1] == "✓").ToHashSet(StringComparer.Ordinal), cells[^1]);
        }).ToList();
        return (roles, rows);
    }

    private static List<string> Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();

    [Fact]
    public void the_matrix_names_every_role_of_the_service_in_order()
    {
        Matrix().Roles.ShouldBe(ChangeLedger.Access.Roles.All);
    }

    [Fact(Timeout = 300_000)]
    public async Task every_role_on_every_endpoint_inside_and_outside_its_repositories_answers_as_the_matrix_says()
    {
        var (roles, rows) = Matrix();
        await using var cluster = await Cluster.Shared();
        var database = await cluster.NewDatabase();
        await using var service = new ServiceProcess(Service.Launch, database);
        await service.Start();
        using var admin = service.Client();

        // Every endpoint the service describes has a row (and /metrics, which it does not describe, has one too).
        var described = (await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {p.Name}")).ToList();
        described.Except(rows.Select(r => $"{r.Method} {r.Template}")).ShouldBeEmpty("endpoints missing from the matrix in docs/security.md");
        rows.Select(r => $"{r.Method} {r.Template}").Except(described).ShouldBe(["GET /metrics"]);

        var everything = await Issue(admin, "setup", [.. ChangeLedger.Access.Roles.All], ["github.com/acme/*"]);
        using var setup = service.Client(key: everything);
        foreach (var repository in new[] { In, Out }) await Prepare(setup, repository);
        var keys = new Dictionary<string, string>();
        foreach (var role in roles) keys[role] = await Issue(admin, "matrix-" + role, [role], [In]);
        var revocable = await Issue(admin, "to-revoke", ["read"], [In]);
        var revocableId = revocable.Split('_')[1];

        var wrong = new List<string>();
        var calls = 0;
        foreach (var row in rows)
        foreach (var role in roles)
        foreach (var inside in new[] { true, false })
        {
            if (!inside && (row.Outside == "—" || !row.Roles.Contains(role))) continue;
            using var http = service.Client(key: keys[role]);
            var (status, body) = await Call(http, row, role, inside, revocableId);
            calls++;
            var expected = !row.Roles.Contains(role) ? "403"
                : inside ? "not 401/403"
                : row.Outside;
            var ok = expected switch
            {
                "403" => status == 403,
                "404" => status == 404,
                "not 401/403" => status is not (401 or 403) and < 500,
                "200, left out" => status == 200 && !body.Contains("-out-", StringComparison.Ordinal),
                "200, item 404" => status == 200 && body.Contains("\"status\":404", StringComparison.Ordinal),
                // A CDEvent that names its change only by its subject correlates to nothing the key may see: as if it did not exist.
                "200, item 404 or ignored" => status == 200 && (body.Contains("\"status\":404", StringComparison.Ordinal)
                    || body.Contains("\"ignored\":\"uncorrelated\"", StringComparison.Ordinal)),
                _ => false,
            };
            if (!ok) wrong.Add($"{row.Method} {row.Template} as {role} {(inside ? "inside" : "outside")}: expected {expected}, got {status} {(body.Length > 200 ? body[..200] : body)}");
        }
        Figures.Record(output, "authorization-matrix", new { endpoints = rows.Count, roles = roles.Count, calls, wrong = wrong.Count });
        wrong.ShouldBeEmpty(string.Join("\n", wrong));
    }

    private static async Task<string> Issue(HttpClient admin, string name, string[] roles, string[] repositories)
    {
        var response = await admin.PostAsJsonAsync("/v1/access/keys", new IssueKeyRequest(name, roles, repositories), Load.Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedKey>(Load.Json))!.Key;
    }

    private static readonly System.Security.Cryptography.ECDsa Signer = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

    private static string Change(string repository) => repository == In ? "mx-in-1" : "mx-out-1";

    private static async Task Prepare(HttpClient http, string repository)
    {
        var id = Change(repository);
        (await Load.Send(http, "/v1/changes", new ProposeChangeRequest(id, repository, "Matrix", "c0ffee1", null, "alice", "ci-bot", new OriginBody(OriginKind.Human)))).Status.ShouldBe(201);
        (await Load.Send(http, $"/v1/changes/{id}/holds", new PlaceHoldRequest(HoldKind.Manual, "matrix", "dana", "h1"))).Status.ShouldBe(201);
    }

    private static async Task<(int Status, string Body)> Call(HttpClient http, Row row, string role, bool inside, string keyId)
    {
        var repository = inside ? In : Out;
        var id = Change(repository);
        var path = row.Template.Replace("{changeId}", id).Replace("{holdId}", "h1").Replace("{repository}", Uri.EscapeDataString(repository))
            .Replace("{person}", "alice").Replace("{keyId}", keyId)
            .Replace("{digest}", "sha256:" + new string('0', 64)).Replace("{ruleId}", "mx-rule").Replace("{n}", "1")
            .Replace("{environment}", "mx-env").Replace("{windowId}", "mx-window");
        if (path == "/v1/integrity/verify") path += "?changeId=" + id;
        if (row.Method == "DELETE" && row.Template.EndsWith("/freeze-windows/{windowId}", StringComparison.Ordinal)) path += "?reason=matrix";
        if (path.EndsWith("/readiness", StringComparison.Ordinal)) path += "?environment=prod";
        // An audit names its environment and period; one reaching now takes in every release of the run.
        if (path == "/v1/audits") path += $"?environment=prod&from=2020-01-01T00:00:00Z&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";
        // The first event of the ledger is the bootstrap key's, which lies in no repository: a scoped key may not see its proof.
        if (path == "/v1/integrity/proof") path += "?event=1";
        var unique = Guid.NewGuid().ToString("N")[..8];
        object? body = (row.Method, row.Template) switch
        {
            ("POST", "/v1/changes") => new ProposeChangeRequest($"mx-{(inside ? "in" : "out")}-{unique}", repository, "Matrix", "c0ffee1", null, "alice", "ci-bot", new OriginBody(OriginKind.Human)),
            (_, "/v1/changes/{changeId}/revisions") => new ReviseChangeRequest("d00d1e5", "ci-bot"),
            ("POST", "/v1/changes/{changeId}/ownership") => new TransferOwnershipRequest("frank", "alice", "rotation"),
            (_, "/v1/changes/{changeId}/validations") => new RecordValidationRequest("unit", "c0ffee1", ValidationOutcome.Passed, "gha"),
            (_, "/v1/changes/{changeId}/reviews") => new DecideReviewRequest("erin", ReviewDecision.Accepted, "c0ffee1"),
            (_, "/v1/changes/{changeId}/splits") => new SplitChangeRequest([new($"{id}-{unique}a", "part a"), new($"{id}-{unique}b", "part b")], "erin", "big"),
            (_, "/v1/changes/{changeId}/holds") => new PlaceHoldRequest(HoldKind.Manual, "wait", "dana"),
            (_, "/v1/changes/{changeId}/holds/{holdId}/lift") => new LiftHoldRequest("erin", "ok"),
            (_, "/v1/changes/{changeId}/withdrawal") => new WithdrawChangeRequest("alice", "superseded"),
            (_, "/v1/changes/{changeId}/attestations") => new RecordAttestationRequest(AttestationType.Coverage, "sha256:" + new string('1', 64), "gha",
                Commit: "c0ffee1", Coverage: new CoverageSummary(90)),
            (_, "/v1/changes/{changeId}/releases") => new ReleaseChangeRequest("prod", "1.0.0", "release-bot"),
            (_, "/v1/changes/{changeId}/merge") => new MergeChangeRequest("github"),
            ("PUT", "/v1/repositories/{repository}/policy") => new SetPolicyRequest(["unit"], 1, true, "ann"),
            ("PUT", "/v1/environments/{environment}/freeze-windows/{windowId}") =>
                new FreezeWindowRequest("UTC", DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow.AddDays(31), null, [repository], "matrix"),
            ("PUT", "/v1/repositories/{repository}/code-owners") => new CodeOwnersRequest(CodeOwnersDialect.Github, "* @matrix", "ann"),
            ("PUT", "/v1/repositories/{repository}/teams") => new CodeOwnerTeamsRequest([new("@acme/matrix", ["erin"])], "ann"),
            // A batch item the role may write, so that outside its repositories the item's answer is about scope (404), not the role (403).
            (_, "/v1/events") => role switch
            {
                "review" => new object[] { new { type = "review_decided", changeId = id, reviewer = "erin", decision = "accepted", commit = "c0ffee1" } },
                "release" => new object[] { new { type = "change_released", changeId = id, environment = "prod", version = "1.0.0", releasedBy = "release-bot" } },
                _ => new object[] { new { type = "validation_recorded", changeId = id, check = "lint", commit = "c0ffee1", outcome = "passed", runner = "gha" } },
            },
            (_, "/v1/access/keys") when row.Method == "POST" => new IssueKeyRequest("made-" + unique, ["read"], [In]),
            ("PUT", "/v1/access/signers/{keyId}") => new SignerRequest(Signer.ExportSubjectPublicKeyInfoPem(), [In], "matrix"),
            _ => null,
        };
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), path);
        if (row.Template == "/v1/cdevents")
            request.Content = new StringContent(CdEvents(role, id, unique), Encoding.UTF8, "application/cloudevents-batch+json");
        else if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Load.Json);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A CloudEvents batch of one sample CDEvent (contracts/samples/cdevents) the role may write, onto the change.</summary>
    private static string CdEvents(string role, string changeId, string unique)
    {
        var name = role switch { "review" => "change_reviewed", "release" => "service_deployed", _ => "testcaserun_finished" };
        var text = File.ReadAllText(Path.Combine(Published.RepositoryRoot(), "contracts", "samples", "cdevents", name + ".json")).Replace("payments-482", changeId);
        var data = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        var context = data["context"]!;
        return new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["specversion"] = "1.0", ["id"] = "mx-" + unique, ["source"] = context["source"]!.GetValue<string>(), ["type"] = context["type"]!.GetValue<string>(),
            ["datacontenttype"] = "application/json", ["data"] = data,
        }).ToJsonString();
    }
}
