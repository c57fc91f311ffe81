using System.Net.Http.Headers;
using System.Text;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>Every kind of bad input gets a problem-details answer with a stable type, and the trail is unchanged.</summary>
public sealed class RefusingBadInput(LedgerApp app) : IClassFixture<LedgerApp>, IAsyncLifetime
{
    private const string Id = "bad-input-1";
    private const string Url = "/v1/changes/" + Id;

    public async Task InitializeAsync()
    {
        if (await app.EventCount(Id) == 0) await (await app.Post("/v1/changes", Requests.Generated(Id))).ShouldHaveStatus(201);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> PostRaw(string path, string body, string contentType = "application/json") =>
        await app.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)));

    private async Task NothingStored(Func<Task> act)
    {
        var before = await app.Count("select count(*) from ledger.mt_events");
        var trail = await app.Get<AuditTrail>(Url + "/trail");
        await act();
        (await app.Count("select count(*) from ledger.mt_events")).ShouldBe(before);
        (await app.Get<AuditTrail>(Url + "/trail")).Events.Count.ShouldBe(trail.Events.Count);
    }

    [Theory]
    [InlineData("/v1/changes?repository=github.com%2Facme%00x", "repository")]
    [InlineData("/v1/changes?owner=al%00ice", "owner")]
    [InlineData("/v1/changes?reviewer=%00", "reviewer")]
    [InlineData("/v1/exports/trail?repository=github.com%2Facme%2Fpay%00ments", "repository")]
    [InlineData("/v1/exports/ownership?repository=%00", "repository")]
    [InlineData("/v1/exports/trail/manifest?repository=a%00", "repository")]
    public async Task a_nul_in_a_query_parameter_is_a_400_naming_the_parameter(string path, string parameter)
    {
        var problem = await (await app.Client.GetAsync(path)).ShouldBeProblem(400, "validation");

        problem.GetProperty("errors").GetProperty(parameter)[0].GetString().ShouldBe($"'{parameter}' must not contain the NUL character (\\u0000).");
    }

    [Theory]
    [InlineData("application/json; charset=\"utf-16\"")]
    [InlineData("application/json; charset=utf-32")]
    [InlineData("application/json; charset=no-such-charset")]
    [InlineData("application/cloudevents+json; charset=latin1")]
    public Task a_body_declared_in_a_charset_other_than_utf8_is_a_415_naming_it(string contentType) => NothingStored(async () =>
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"check\":\"unit\",\"commit\":\"c0ffee1\",\"outcome\":\"passed\",\"runner\":\"gha\"}"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var problem = await (await app.Client.PostAsync(Url + "/validations", content)).ShouldBeProblem(415, "unsupported-media-type");

        problem.GetProperty("detail").GetString()!.ShouldContain("UTF-8");
    });

    [Fact]
    public Task malformed_json_is_a_400() => NothingStored(async () =>
        await (await PostRaw(Url + "/validations", "{\"check\": \"unit\", ")).ShouldBeProblem(400, "malformed-json"));

    [Fact]
    public Task missing_fields_are_a_400_listing_every_one() => NothingStored(async () =>
    {
        var problem = await (await PostRaw(Url + "/validations", "{\"check\": \"unit\"}")).ShouldBeProblem(400, "validation");
        var errors = problem.GetProperty("errors");
        errors.GetProperty("commit").GetArrayLength().ShouldBe(1);
        errors.GetProperty("outcome").GetArrayLength().ShouldBe(1);
        errors.GetProperty("runner").GetArrayLength().ShouldBe(1);
    });

    [Fact]
    public Task an_unknown_enum_value_is_a_400_naming_the_field() => NothingStored(async () =>
    {
        var problem = await (await PostRaw(Url + "/validations", "{\"check\":\"unit\",\"commit\":\"c0ffee1\",\"outcome\":\"mostly_passed\",\"runner\":\"gha\"}"))
            .ShouldBeProblem(400, "malformed-json");
        problem.GetProperty("errors").TryGetProperty("outcome", out _).ShouldBeTrue();
    });

    [Fact]
    public Task an_unknown_member_is_a_400() => NothingStored(async () =>
    {
        var problem = await (await PostRaw(Url + "/reviews", "{\"reviewer\":\"erin\",\"decision\":\"accepted\",\"commit\":\"c0ffee1\",\"recordedBy\":\"root\"}"))
            .ShouldBeProblem(400, "malformed-json");
        problem.GetProperty("detail").GetString()!.ShouldContain("recordedBy");
    });

    [Fact]
    public Task an_id_outside_the_pattern_is_a_400() => NothingStored(async () =>
        await (await app.Post("/v1/changes/has%20space/validations", Requests.Check("unit", "c0ffee1", ValidationOutcome.Passed)))
            .ShouldBeProblem(400, "invalid-change-id"));

    [Fact]
    public Task an_unknown_change_is_a_404() => NothingStored(async () =>
        await (await app.Post("/v1/changes/never-was/validations", Requests.Check("unit", "c0ffee1", ValidationOutcome.Passed)))
            .ShouldBeProblem(404, "unknown-change"));

    [Fact]
    public Task an_unknown_hold_is_a_404() => NothingStored(async () =>
        await (await app.Post(Url + "/holds/no-such-hold/lift", new LiftHoldRequest("carol", "done"))).ShouldBeProblem(404, "unknown-hold"));

    [Fact]
    public Task an_over_long_string_is_a_400_saying_the_limit() => NothingStored(async () =>
    {
        var problem = await (await app.Post(Url + "/reviews", Requests.Review(new string('r', 201), "c0ffee1"))).ShouldBeProblem(400, "validation");
        problem.GetProperty("errors").GetProperty("reviewer")[0].GetString()!.ShouldContain("at most 200");
    });

    [Fact]
    public Task a_body_over_one_mebibyte_is_a_413() => NothingStored(async () =>
    {
        var huge = "{\"reviewer\":\"erin\",\"decision\":\"accepted\",\"commit\":\"c0ffee1\",\"comment\":\"" + new string('x', 1024 * 1024) + "\"}";
        await (await PostRaw(Url + "/reviews", huge)).ShouldBeProblem(413, "payload-too-large");
    });

    [Fact]
    public Task a_wrong_content_type_is_a_415() => NothingStored(async () =>
        await (await PostRaw(Url + "/reviews", "reviewer=erin", "application/x-www-form-urlencoded")).ShouldBeProblem(415, "unsupported-media-type"));

    [Fact]
    public async Task a_forbidden_transition_is_a_409_naming_the_status()
    {
        await (await app.Post("/v1/changes", Requests.Human("withdrawn-1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/withdrawn-1/withdrawal", new WithdrawChangeRequest("alice", "superseded"))).ShouldHaveStatus(201);
        var before = await app.EventCount("withdrawn-1");
        var problem = await (await app.Post("/v1/changes/withdrawn-1/revisions", new ReviseChangeRequest("d00d", "alice"))).ShouldBeProblem(409, "transition-not-allowed");
        problem.GetProperty("detail").GetString()!.ShouldContain("withdrawn");
        (await app.EventCount("withdrawn-1")).ShouldBe(before);
    }

    [Fact]
    public Task a_policy_that_would_let_holds_pass_is_refused() => NothingStored(async () =>
        await (await app.Put("/v1/repositories/github.com%2Facme%2Fpayments/policy", new SetPolicyRequest([], 1, true, "ann", HoldsBlockRelease: false)))
            .ShouldBeProblem(400, "validation"));

    [Fact]
    public async Task an_unknown_route_is_a_404_problem() =>
        await (await app.Client.GetAsync("/v1/nothing-here")).ShouldBeProblem(404, "not-found");

    public static TheoryData<string, string> FreeText() => new()
    {
        { "/v1/changes", "title" },
        { Url + "/reviews", "comment" },
        { Url + "/revisions", "summary" },
        { Url + "/validations", "command" },
        { Url + "/holds", "reason" },
        { Url + "/holds/h-1/lift", "justification" },
        { Url + "/ownership", "reason" },
        { Url + "/splits", "reason" },
        { Url + "/withdrawal", "reason" },
        { "/v1/repositories/github.com%2Facme%2Fpayments/policy", "reason" },
    };

    private static object WithNul(string path, string field)
    {
        const string nul = "before\0after";
        return (path, field) switch
        {
            ("/v1/changes", _) => Requests.Human("nul-1") with { Title = nul },
            (_, "comment") => Requests.Review("rita", "c0ffee1") with { Comment = nul },
            (_, "summary") => new ReviseChangeRequest("d00d", "alice", nul),
            (_, "command") => Requests.Check("unit", "c0ffee1", ValidationOutcome.Passed) with { Command = nul },
            (_, "justification") => new LiftHoldRequest("carol", nul),
            _ when path.EndsWith("/holds", StringComparison.Ordinal) => Requests.Hold() with { Reason = nul },
            _ when path.EndsWith("/ownership", StringComparison.Ordinal) => new TransferOwnershipRequest("bob", "alice", nul),
            _ when path.EndsWith("/splits", StringComparison.Ordinal) => new SplitChangeRequest([new("nul-a", "a"), new("nul-b", "b")], "alice", nul),
            _ when path.EndsWith("/withdrawal", StringComparison.Ordinal) => new WithdrawChangeRequest("alice", nul),
            _ => new SetPolicyRequest(["unit"], 1, true, "ann", nul),
        };
    }

    [Theory, MemberData(nameof(FreeText))]
    public Task a_nul_character_in_free_text_is_a_400_naming_the_field(string path, string field) => NothingStored(async () =>
    {
        var body = WithNul(path, field);
        var content = System.Net.Http.Json.JsonContent.Create(body, body.GetType(), options: LedgerApp.Json);
        var response = path.EndsWith("/policy", StringComparison.Ordinal) ? await app.Client.PutAsync(path, content) : await app.Client.PostAsync(path, content);
        var problem = await response.ShouldBeProblem(400, "validation");
        problem.GetProperty("errors").GetProperty(field)[0].GetString()!.ShouldContain("NUL");
    });

    [Fact]
    public Task a_number_sent_as_a_string_is_a_400() => NothingStored(async () =>
        (await (await PostRaw(Url + "/validations", "{\"check\":\"unit\",\"commit\":\"c0ffee1\",\"outcome\":\"passed\",\"runner\":\"gha\",\"durationMs\":\"12\"}"))
            .ShouldBeProblem(400, "malformed-json")).GetProperty("errors").TryGetProperty("durationMs", out _).ShouldBeTrue());

    [Fact]
    public Task a_member_sent_twice_is_a_400() => NothingStored(async () =>
        await (await PostRaw(Url + "/validations", "{\"check\":\"unit\",\"check\":\"lint\",\"commit\":\"c0ffee1\",\"outcome\":\"passed\",\"runner\":\"gha\"}"))
            .ShouldBeProblem(400, "malformed-json"));

    [Fact]
    public async Task an_enum_value_in_upper_case_is_read_and_stored_in_its_one_spelling()
    {
        await (await PostRaw(Url + "/validations", "{\"check\":\"case-upper\",\"commit\":\"c0ffee1\",\"outcome\":\"PASSED\",\"runner\":\"gha\"}")).ShouldHaveStatus(201);
        await (await PostRaw(Url + "/validations", "{\"check\":\"case-lower\",\"commit\":\"c0ffee1\",\"outcome\":\"passed\",\"runner\":\"gha\"}")).ShouldHaveStatus(201);
        (await app.Count("select count(distinct data->>'outcome') from ledger.mt_events where data->>'check' in ('case-upper', 'case-lower')")).ShouldBe(1);
    }

    [Fact]
    public Task a_key_with_more_roles_than_the_list_cap_is_refused() => NothingStored(async () =>
        (await (await app.Post("/v1/access/keys", new IssueKeyRequest("many-roles", [.. Enumerable.Repeat("read", 1000)], ["*"])))
            .ShouldBeProblem(400, "validation")).GetProperty("errors").GetProperty("roles")[0].GetString()!.ShouldContain("at most 100"));
}
