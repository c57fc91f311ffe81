using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeLedger.Tests.Api;

public sealed class ControllingAccess(LedgerApp app) : IClassFixture<LedgerApp>, IAsyncLifetime
{
    private const string RepoA = "github.com/acme/payments";
    private const string RepoB = "github.com/other/secret-project";

    public async Task InitializeAsync()
    {
        if (await app.EventCount("acc-a") > 0) return;
        await (await app.Post("/v1/changes", Requests.Generated("acc-a", repository: RepoA))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated("acc-b", repository: RepoB) with { Title = "Top secret B" })).ShouldHaveStatus(201);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task without_a_key_every_ledger_endpoint_is_a_401_with_a_bearer_challenge()
    {
        var anonymous = app.ClientWith(null);
        var response = await anonymous.GetAsync("/v1/changes/acc-a");
        await response.ShouldBeProblem(401, "unauthenticated");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer realm=\"changeledger\"");
        await (await anonymous.PostAsJsonAsync("/v1/changes", Requests.Generated("acc-anon"), LedgerApp.Json)).ShouldBeProblem(401, "unauthenticated");
        (await app.EventCount("acc-anon")).ShouldBe(0);
        (await anonymous.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_revoked_key_fails_on_its_next_request()
    {
        var key = await app.IssueKey("ci-temp", [Roles.Read]);
        var client = app.ClientWith(key);
        (await client.GetAsync("/v1/changes/acc-a")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var keyId = key.Split('_')[1];
        (await app.Client.DeleteAsync($"/v1/access/keys/{keyId}?reason=leaked")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var after = await client.GetAsync("/v1/changes/acc-a");
        await after.ShouldBeProblem(401, "unauthenticated");
        after.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
        var listed = await app.Get<List<KeyInfo>>("/v1/access/keys");
        listed.Single(k => k.KeyId == keyId).RevokeReason.ShouldBe("leaked");
    }

    [Fact]
    public async Task a_key_another_node_has_cached_is_evicted_there_when_it_is_revoked_here()
    {
        var key = await app.IssueKey("ci-cached", [Roles.Read]);
        var keyId = key.Split('_')[1];
        var local = app.Host.Services.GetRequiredService<KeyCache>();
        // A second node: its own cache and its own LISTEN connection on the same database.
        using var notifications = new LedgerNotifications([new NotificationChannel(KeyCache.Channel)],
            app.Host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), app.Host.Services.GetRequiredService<DatabaseOutage>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<LedgerNotifications>.Instance);
        var other = new KeyCache(app.Store, notifications);
        await notifications.StartAsync(CancellationToken.None);
        for (var i = 0; i < 100 && !(other.Listening && local.Listening); i++) await Task.Delay(50);
        other.Listening.ShouldBeTrue();
        (await other.Find(keyId, CancellationToken.None))!.RevokedAt.ShouldBeNull();
        (await app.ClientWith(key).GetAsync("/v1/changes/acc-a")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.Client.DeleteAsync($"/v1/access/keys/{keyId}?reason=leaked")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Both caches held the key; the notification, not the 30 s lifetime, evicts it.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while ((await other.Find(keyId, CancellationToken.None))!.RevokedAt is null && watch.Elapsed < KeyCache.Lifetime / 3) await Task.Delay(20);
        (await other.Find(keyId, CancellationToken.None))!.RevokedAt.ShouldNotBeNull();
        await (await app.ClientWith(key).GetAsync("/v1/changes/acc-a")).ShouldBeProblem(401, "unauthenticated");
        await notifications.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task a_wrong_secret_for_a_real_key_id_is_a_401()
    {
        var key = await app.IssueKey("ci-x", [Roles.Read]);
        var forged = key[..^4] + "aaaa";
        await (await app.ClientWith(forged).GetAsync("/v1/changes/acc-a")).ShouldBeProblem(401, "unauthenticated");
    }

    [Fact]
    public async Task an_ingest_key_recording_a_review_is_a_403_and_a_read_key_may_post_nothing()
    {
        var ingest = app.ClientWith(await app.IssueKey("ci", [Roles.Ingest]));
        await (await ingest.PostAsJsonAsync("/v1/changes/acc-a/reviews", Requests.Review("erin", "c0ffee1"), LedgerApp.Json)).ShouldBeProblem(403, "forbidden");
        (await ingest.PostAsJsonAsync("/v1/changes/acc-a/validations", Requests.Check("unit", "c0ffee1", ValidationOutcome.Passed), LedgerApp.Json))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var read = app.ClientWith(await app.IssueKey("dashboard", [Roles.Read]));
        var before = await app.EventCount("acc-a");
        await (await read.PostAsJsonAsync("/v1/changes", Requests.Generated("acc-by-reader"), LedgerApp.Json)).ShouldBeProblem(403, "forbidden");
        await (await read.PostAsJsonAsync("/v1/changes/acc-a/holds", Requests.Hold(), LedgerApp.Json)).ShouldBeProblem(403, "forbidden");
        await (await read.PostAsJsonAsync("/v1/changes/acc-a/releases", Requests.Release(), LedgerApp.Json)).ShouldBeProblem(403, "forbidden");
        await (await read.PutAsJsonAsync("/v1/repositories/x/policy", new SetPolicyRequest([], 1, true, "m"), LedgerApp.Json)).ShouldBeProblem(403, "forbidden");
        await (await read.PostAsJsonAsync("/v1/access/keys", new IssueKeyRequest("x", [Roles.Admin], ["*"]), LedgerApp.Json)).ShouldBeProblem(403, "forbidden");
        (await app.EventCount("acc-a")).ShouldBe(before);
    }

    [Fact]
    public async Task a_key_scoped_to_one_repository_cannot_see_that_another_repositorys_change_exists()
    {
        var scoped = app.ClientWith(await app.IssueKey("team-a", [Roles.Read, Roles.Ingest, Roles.Review, Roles.Release], "github.com/acme/*"));

        (await scoped.GetAsync("/v1/changes/acc-a")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var path in new[] { "", "/ownership", "/evidence", "/release", "/trail", "/readiness?environment=prod" })
        {
            var response = await scoped.GetAsync("/v1/changes/acc-b" + path);
            var body = await response.ShouldBeProblem(404, "unknown-change");
            body.GetRawText().ShouldNotContain("secret-project");
            body.GetRawText().ShouldNotContain("Top secret");
        }
        var before = await app.EventCount("acc-b");
        await (await scoped.PostAsJsonAsync("/v1/changes/acc-b/validations", Requests.Check("unit", "c0ffee1", ValidationOutcome.Passed), LedgerApp.Json))
            .ShouldBeProblem(404, "unknown-change");
        await (await scoped.PostAsJsonAsync("/v1/changes", Requests.Generated("acc-b2", repository: RepoB), LedgerApp.Json)).ShouldBeProblem(403, "repository-out-of-scope");
        (await app.EventCount("acc-b")).ShouldBe(before);

        var page = await scoped.GetStringAsync("/v1/changes?limit=500");
        page.ShouldContain("acc-a");
        page.ShouldNotContain("acc-b");
        page.ShouldNotContain("secret-project");
        await (await scoped.GetAsync("/v1/repositories/github.com%2Fother%2Fsecret-project/policy")).ShouldBeProblem(404, "unknown-repository");

        var auditor = app.ClientWith(await app.IssueKey("team-a-audit", [Roles.Export, Roles.Read], "github.com/acme/*"));
        foreach (var export in new[] { "/v1/exports/ownership?format=csv", "/v1/exports/trail?format=ndjson" })
        {
            var body = await auditor.GetStringAsync(export);
            body.ShouldContain("acc-a");
            body.ShouldNotContain("acc-b");
            body.ShouldNotContain("secret-project");
        }
        await (await auditor.GetAsync("/v1/integrity/verify?changeId=acc-b")).ShouldBeProblem(404, "unknown-change");
        (await auditor.GetAsync("/v1/integrity/verify?changeId=acc-a")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await auditor.GetAsync("/v1/integrity/verify")).ShouldBeProblem(403, "verify-scope");
        await app.CatchUp();
        var owned = await auditor.GetStringAsync("/v1/owners/alice/changes");
        owned.ShouldContain("acc-a");
        owned.ShouldNotContain("acc-b");
    }

    [Fact]
    public async Task an_ingest_key_may_not_export_or_verify()
    {
        var ci = app.ClientWith(await app.IssueKey("ci-exporter", [Roles.Ingest]));
        await (await ci.GetAsync("/v1/exports/ownership")).ShouldBeProblem(403, "forbidden");
        await (await ci.GetAsync("/v1/exports/trail")).ShouldBeProblem(403, "forbidden");
        await (await ci.GetAsync("/v1/integrity/verify?changeId=acc-a")).ShouldBeProblem(403, "forbidden");
        await (await ci.PostAsync("/v1/integrity/checkpoints", null)).ShouldBeProblem(403, "forbidden");
    }

    [Fact]
    public async Task an_override_without_the_override_role_is_a_403_and_records_nothing()
    {
        var releaser = app.ClientWith(await app.IssueKey("deployer", [Roles.Release]));
        var before = await app.EventCount("acc-a");

        var response = await releaser.PostAsJsonAsync("/v1/changes/acc-a/releases",
            Requests.Release(@override: new OverrideBody("dave", "trust me")), LedgerApp.Json);

        await response.ShouldBeProblem(403, "override-not-allowed");
        (await app.EventCount("acc-a")).ShouldBe(before);

        var entitled = app.ClientWith(await app.IssueKey("vp", [Roles.Release, Roles.Override]));
        (await entitled.PostAsJsonAsync("/v1/changes/acc-a/releases", Requests.Release(@override: new OverrideBody("vp-eve", "outage fix")), LedgerApp.Json))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task every_event_records_the_key_that_wrote_it_next_to_the_domain_actor()
    {
        var key = await app.IssueKey("relay-bot", [Roles.Review]);
        var keyId = key.Split('_')[1];
        await (await app.ClientWith(key).PostAsJsonAsync("/v1/changes/acc-a/reviews", Requests.Review("erin", "c0ffee1"), LedgerApp.Json))
            .ShouldHaveStatus(201);

        var review = (await app.Get<AuditTrail>("/v1/changes/acc-a/trail")).Events.Last(e => e.Type == "review_decided");
        review.Actor.ShouldBe("erin");
        review.RecordedBy.ShouldBe($"key:{keyId} (relay-bot)");
    }

    [Fact]
    public async Task issuing_and_revoking_keys_are_events_and_a_key_secret_is_never_stored_or_listed()
    {
        var key = await app.IssueKey("audited", [Roles.Read], "github.com/acme/*");
        var keyId = key.Split('_')[1];
        var secret = key.Split('_')[2];
        await app.Client.DeleteAsync($"/v1/access/keys/{keyId}?reason=rotation");

        (await app.Count($"select count(*) from ledger.mt_events where stream_id = '~key:{keyId}'")).ShouldBe(2);
        (await app.Count($"select count(*) from ledger.mt_events where data::text like '%{secret}%'")).ShouldBe(0);
        (await app.Count($"select count(*) from ledger.mt_doc_apikey where data::text like '%{secret}%'")).ShouldBe(0);
        (await app.Client.GetStringAsync("/v1/access/keys")).ShouldNotContain(secret);
    }

    [Fact]
    public async Task a_scoped_admin_cannot_issue_a_key_reaching_beyond_its_own_repositories()
    {
        var admin = app.ClientWith(await app.IssueKey("acme-admin", [Roles.Admin, Roles.Read], "github.com/acme/*"));
        await (await admin.PostAsJsonAsync("/v1/access/keys", new IssueKeyRequest("wide", [Roles.Read], ["*"]), LedgerApp.Json)).ShouldBeProblem(400, "validation");
        (await admin.PostAsJsonAsync("/v1/access/keys", new IssueKeyRequest("narrow", [Roles.Read], ["github.com/acme/web"]), LedgerApp.Json))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task a_scoped_admin_neither_sees_nor_revokes_keys_beyond_its_repositories_nor_grants_roles_it_lacks()
    {
        var outsider = await app.IssueKey("other-team-ci", [Roles.Ingest], "github.com/other/*");
        var admin = app.ClientWith(await app.IssueKey("acme-admin-2", [Roles.Admin, Roles.Read], "github.com/acme/*"));

        (await admin.GetStringAsync("/v1/access/keys")).ShouldNotContain("other-team-ci");
        await (await admin.DeleteAsync($"/v1/access/keys/{outsider.Split('_')[1]}")).ShouldBeProblem(404, "unknown-key");
        await (await admin.DeleteAsync($"/v1/access/keys/{app.AdminKey.Split('_')[1]}")).ShouldBeProblem(404, "unknown-key");
        (await app.ClientWith(outsider).GetAsync("/v1/changes?limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var escalate = await admin.PostAsJsonAsync("/v1/access/keys", new IssueKeyRequest("sneaky", [Roles.Override], ["github.com/acme/web"]), LedgerApp.Json);
        (await escalate.ShouldBeProblem(400, "validation")).GetProperty("errors").GetProperty("roles")[0].GetString()!.ShouldContain("cannot grant");
    }

    [Fact]
    public async Task keys_and_secrets_never_reach_the_logs()
    {
        var key = await app.IssueKey("logged", [Roles.Read]);
        var secret = key.Split('_')[2];
        await app.ClientWith(key).GetAsync("/v1/changes/acc-a");
        await app.ClientWith(key + "x").GetAsync("/v1/changes/acc-a");
        await app.ClientWith(key[..^3] + "zzz").GetAsync("/v1/changes/acc-a");

        app.Logs.ShouldNotBeEmpty();
        var secrets = new[] { secret[..20], app.AdminKey.Split('_')[2] };
        app.Logs.Where(line => secrets.Any(line.Contains)).ShouldBeEmpty();
    }

    [Fact]
    public void every_endpoint_declares_its_authorization_and_only_health_the_api_docs_and_signing_in_are_anonymous()
    {
        var endpoints = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        endpoints.Count.ShouldBeGreaterThan(20);

        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.RoutePattern.RawText!).ToList();
        // The web view's sign-in and its stylesheet are what a person reaches before they have a session; signing out needs one.
        anonymous.ShouldAllBe(p => p.StartsWith("/health/") || p.StartsWith("/openapi/") || p.StartsWith("/scalar") || p.StartsWith("/signin") || p == "/web.css");

        string[] pagePolicies = [ChangeLedger.Web.WebSignIn.ReadPolicy, ChangeLedger.Web.WebSignIn.ExportPolicy, ChangeLedger.Web.WebSignIn.SessionPolicy];
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null && (Permissions.RolesFor.ContainsKey(a.Policy) || pagePolicies.Contains(a.Policy))))
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}")
            .ToList();
        undeclared.ShouldBeEmpty("these endpoints declare no access policy");
    }
}

/// <summary>A service with a small rate limit, so a flood is quick to provoke.</summary>
public sealed class RateLimitedLedgerApp : LedgerApp
{
    public RateLimitedLedgerApp(IMessageSink sink) : base(sink)
    {
        Settings["Limits:RateLimit:PermitsPerSecond"] = "2";
        Settings["Limits:RateLimit:Burst"] = "10";
    }
}

public sealed class LimitingAbuse(RateLimitedLedgerApp app) : IClassFixture<RateLimitedLedgerApp>
{
    [Fact]
    public async Task a_flood_from_one_key_is_refused_with_429_and_retry_after_while_another_key_still_gets_through()
    {
        var flooder = app.ClientWith(await app.IssueKey("flooder", [Roles.Read]));
        var calm = app.ClientWith(await app.IssueKey("calm", [Roles.Read]));

        var flood = new List<HttpResponseMessage>();
        for (var i = 0; i < 40; i++) flood.Add(await flooder.GetAsync("/v1/changes?limit=1"));

        var refused = flood.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        refused.ShouldNotBeEmpty();
        refused[0].Headers.RetryAfter.ShouldNotBeNull();
        (await refused[0].ShouldBeProblem(429, "rate-limited")).GetProperty("detail").GetString()!.ShouldContain("Retry after");
        flood.ShouldNotContain(r => r.StatusCode == HttpStatusCode.ServiceUnavailable);

        (await calm.GetAsync("/v1/changes?limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class ControllingAccessInBatches(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task each_batch_item_needs_its_own_kinds_role_and_its_repository_in_scope()
    {
        await (await app.Post("/v1/changes", Requests.Generated("batch-acc-1"))).ShouldHaveStatus(201);
        var ci = app.ClientWith(await app.IssueKey("payments-ci", [Roles.Ingest], Requests.Repository));
        var batch = new object[]
        {
            new { type = "validation_recorded", changeId = "batch-acc-1", check = "unit", commit = "c0ffee1", outcome = "passed", runner = "gha" },
            new { type = "review_decided", changeId = "batch-acc-1", reviewer = "erin", decision = "accepted", commit = "c0ffee1" },
            new { type = "change_proposed", changeId = "batch-acc-2", repository = "github.com/other/x", title = "t", headCommit = "h", owner = "o",
                submittedBy = "s", origin = new { kind = "human" } },
        };

        var response = await ci.PostAsJsonAsync("/v1/events", batch);

        var results = await response.Read<JsonElement>(200);
        var statuses = results.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ToList();
        statuses.ShouldBe([201, 403, 403]);
        (await app.EventCount("batch-acc-1")).ShouldBe(2);
        (await app.EventCount("batch-acc-2")).ShouldBe(0);
    }
}
