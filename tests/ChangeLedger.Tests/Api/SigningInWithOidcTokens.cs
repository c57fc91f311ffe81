using System.Text.Json;
using System.Net.Http.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// CI pipelines sign in with their providers' OIDC tokens, validated through discovery and JWKS served on loopback,
/// and trust rules decide what each may do and where; the repository comes from the token's claims.
/// </summary>
public sealed class SigningInWithOidcTokens(IdentityLedger app) : IClassFixture<IdentityLedger>, IAsyncLifetime
{
    private const string Payments = "github.com/acme/payments";
    private const string Other = "github.com/acme/other";

    public async Task InitializeAsync()
    {
        if (await app.EventCount("oidc-pay") > 0) return;
        await (await app.Post("/v1/changes", Requests.Human("oidc-pay", repository: Payments))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("oidc-other", repository: Other))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("oidc-gitlab", repository: "gitlab.example.com/acme/payments"))).ShouldHaveStatus(201);
        await app.Trust("payments-main", app.GitHub, new() { ["repository"] = "acme/payments", ["ref"] = "refs/heads/main" }, [Roles.Ingest], ["github.com/acme/*"]);
        await app.Trust("gitlab-protected", app.GitLab, new() { ["project_path"] = "acme/*", ["ref_protected"] = "true" }, [Roles.Ingest], ["gitlab.example.com/acme/*"]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string GitHubToken(string repository, string @ref = "refs/heads/main") =>
        app.Provider.Mint("github", IdentityLedger.Audience, OidcProvider.GitHubActions(repository, @ref));

    private static Task<HttpResponseMessage> RecordCheck(HttpClient client, string changeId) =>
        client.PostAsJsonAsync($"/v1/changes/{changeId}/validations", Requests.Check("unit-tests", "c0ffee1", ValidationOutcome.Passed), LedgerApp.Json);

    [Fact]
    public async Task a_github_workflow_of_acme_payments_on_main_records_a_validation_through_a_trust_rule()
    {
        var before = await app.EventCount("oidc-pay");
        var client = app.ClientWithToken(GitHubToken("acme/payments"));

        await (await RecordCheck(client, "oidc-pay")).ShouldHaveStatus(201);

        var trail = await app.Get<AuditTrail>("/v1/changes/oidc-pay/trail");
        var recorded = trail.Events[^1];
        recorded.Type.ShouldBe("validation_recorded");
        recorded.Principal.ShouldBe($"jwt:{app.GitHub}#repo:acme/payments:ref:refs/heads/main");
        recorded.RecordedBy.ShouldBe($"jwt:{app.GitHub}#repo:acme/payments:ref:refs/heads/main (repo:acme/payments:ref:refs/heads/main)");
        (await app.EventCount("oidc-pay")).ShouldBe(before + 1);
    }

    [Fact]
    public async Task a_workflow_of_acme_other_is_admitted_by_no_rule_and_refused()
    {
        var before = await app.EventCount("oidc-other");
        var client = app.ClientWithToken(GitHubToken("acme/other"));

        var refused = await (await RecordCheck(client, "oidc-other")).ShouldBeProblem(403, "no-trust-rule");

        refused.GetProperty("detail").GetString()!.ShouldContain("repo:acme/other:ref:refs/heads/main");
        (await app.EventCount("oidc-other")).ShouldBe(before);
    }

    [Fact]
    public async Task a_workflow_on_a_ref_the_rule_does_not_allow_is_refused()
    {
        var before = await app.EventCount("oidc-pay");
        var client = app.ClientWithToken(GitHubToken("acme/payments", "refs/heads/feature/x"));

        await (await RecordCheck(client, "oidc-pay")).ShouldBeProblem(403, "no-trust-rule");

        (await app.EventCount("oidc-pay")).ShouldBe(before);
    }

    [Fact]
    public async Task the_repository_a_token_writes_to_comes_from_its_claims_not_from_the_rule_or_the_body()
    {
        // The rule covers github.com/acme/*, but this token is acme/payments': acme/other's change is not its to write.
        var client = app.ClientWithToken(GitHubToken("acme/payments"));
        var before = await app.EventCount("oidc-other");

        await (await RecordCheck(client, "oidc-other")).ShouldBeProblem(404, "unknown-change");
        await (await client.PostAsJsonAsync("/v1/changes", Requests.Human("oidc-new", repository: Other), LedgerApp.Json))
            .ShouldBeProblem(403, "repository-out-of-scope");

        (await app.EventCount("oidc-other")).ShouldBe(before);
        (await app.EventCount("oidc-new")).ShouldBe(0);
    }

    [Fact]
    public async Task a_gitlab_job_token_maps_its_project_path_on_the_instance_host()
    {
        var client = app.ClientWithToken(app.Provider.Mint("gitlab", IdentityLedger.Audience, OidcProvider.GitLabJob("acme/payments")));

        await (await RecordCheck(client, "oidc-gitlab")).ShouldHaveStatus(201);
        await (await RecordCheck(client, "oidc-pay")).ShouldBeProblem(404, "unknown-change");

        var trail = await app.Get<AuditTrail>("/v1/changes/oidc-gitlab/trail");
        trail.Events[^1].Principal.ShouldBe($"jwt:{app.GitLab}#project_path:acme/payments:ref_type:branch:ref:main");
    }

    [Fact]
    public async Task a_tampered_token_is_a_401_problem()
    {
        var token = GitHubToken("acme/other");
        var parts = token.Split('.');
        // The payload of acme/other's token, claiming acme/payments, under acme/other's signature.
        var claims = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1])).Replace("acme/other", "acme/payments");
        var tampered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(claims)}.{parts[2]}";

        await Refused(tampered, "signature");
    }

    [Fact]
    public async Task an_expired_token_is_a_401_problem() =>
        await Refused(app.Provider.Mint("github", IdentityLedger.Audience, OidcProvider.GitHubActions("acme/payments"), expires: DateTime.UtcNow.AddMinutes(-5)), "expired");

    [Fact]
    public async Task a_token_for_another_audience_is_a_401_problem() =>
        await Refused(app.Provider.Mint("github", "https://another-service.example", OidcProvider.GitHubActions("acme/payments")), "audience");

    [Fact]
    public async Task a_token_of_an_issuer_not_configured_is_a_401_problem() =>
        await Refused(app.Provider.Mint("elsewhere", IdentityLedger.Audience, OidcProvider.GitHubActions("acme/payments")), "not one this ledger trusts");

    [Fact]
    public async Task a_token_naming_a_configured_issuer_but_signed_by_another_key_is_a_401_problem()
    {
        using var stranger = System.Security.Cryptography.RSA.Create(2048);
        await Refused(app.Provider.Mint("github", IdentityLedger.Audience, OidcProvider.GitHubActions("acme/payments"), signWith: stranger), "signature");
    }

    private async Task Refused(string token, string why)
    {
        var before = await app.EventCount("oidc-pay");
        var response = await RecordCheck(app.ClientWithToken(token), "oidc-pay");

        var problem = await response.ShouldBeProblem(401, "unauthenticated");
        problem.GetProperty("detail").GetString()!.ShouldContain(why);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
        (await app.EventCount("oidc-pay")).ShouldBe(before);
    }

    [Fact]
    public async Task a_token_under_a_key_rotated_in_a_moment_ago_is_refused_at_once_and_accepted_once_the_keys_are_fetched_off_the_request()
    {
        var client = app.ClientWithToken(GitHubToken("acme/payments"));
        await (await client.GetAsync("/v1/changes/oidc-pay")).ShouldHaveStatus(200);
        var fetched = app.Provider.JwksRequests;

        app.Provider.Rotate();
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the configured least interval between forced refreshes
        var rotated = app.ClientWithToken(GitHubToken("acme/payments"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var first = await rotated.GetAsync("/v1/changes/oidc-pay");
        watch.Stop();

        // The request does not wait on the provider: a 401 at once, while the keys are fetched behind it.
        (await first.ShouldBeProblem(401, "unauthenticated")).GetProperty("detail").GetString()!.ShouldContain("key");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        (await Poll.Until(async () => (await rotated.GetAsync("/v1/changes/oidc-pay")).StatusCode == System.Net.HttpStatusCode.OK)).ShouldBeTrue("the new key never landed");
        app.Provider.JwksRequests.ShouldBeGreaterThan(fetched);
        await EveryIssuerKnowsTheNewestKey();
    }

    /// <summary>
    /// After a rotation each issuer's first token under the new key is refused while its keys are fetched: wait that out,
    /// so the tests after this one meet an issuer that knows the key the provider signs with.
    /// </summary>
    private async Task EveryIssuerKnowsTheNewestKey()
    {
        foreach (var name in new[] { "github", "gitlab", "people" })
        {
            var client = app.ClientWithToken(app.Provider.Mint(name, IdentityLedger.Audience,
                name == "gitlab" ? OidcProvider.GitLabJob("acme/payments") : name == "people" ? OidcProvider.Person("pat") : OidcProvider.GitHubActions("acme/payments")));
            (await Poll.Until(async () => (await client.GetAsync("/v1/changes/oidc-pay")).StatusCode != System.Net.HttpStatusCode.Unauthorized))
                .ShouldBeTrue($"issuer {name} never fetched the newest key");
        }
    }

    [Fact]
    public async Task an_issuer_down_before_its_keys_were_ever_fetched_is_a_401_naming_the_issuer_not_a_database_outage()
    {
        var refused = app.ClientWithToken(app.Provider.Mint("unreachable", IdentityLedger.Audience, OidcProvider.GitHubActions("acme/payments"), issuer: IdentityLedger.Unreachable));
        var late = app.ClientWithToken(app.Provider.Mint("late", IdentityLedger.Audience, OidcProvider.GitHubActions("acme/payments")));

        var connectionRefused = await (await refused.GetAsync("/v1/changes/oidc-pay")).ShouldBeProblem(401, "unauthenticated");
        app.Provider.Down = true;
        JsonElement answered503;
        try
        {
            answered503 = await (await late.GetAsync("/v1/changes/oidc-pay")).ShouldBeProblem(401, "unauthenticated");
        }
        finally
        {
            app.Provider.Down = false;
        }

        connectionRefused.GetProperty("detail").GetString()!.ShouldContain("could not be fetched");
        answered503.GetProperty("detail").GetString()!.ShouldContain("could not be fetched");
        (await app.Client.GetAsync("/health/ready")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_ledger_verifies_intact_with_principals_in_the_hashes_and_a_changed_principal_is_found()
    {
        await (await RecordCheck(app.ClientWithToken(GitHubToken("acme/payments")), "oidc-pay")).ShouldHaveStatus(201);
        (await app.Get<VerificationReport>("/v1/integrity/verify?changeId=oidc-pay")).Intact.ShouldBeTrue();

        var version = await app.EventCount("oidc-pay");
        await app.Count($$"""
            update ledger.mt_events set headers = jsonb_set(headers, '{principal}', '"key:someone-else"')
            where stream_id = 'oidc-pay' and version = {{version}}; select 1
            """);

        var report = await app.Get<VerificationReport>("/v1/integrity/verify?changeId=oidc-pay");
        report.Breaks.ShouldContain(b => b.Version == version && b.Kind == "changed");
        await app.Count($$"""
            update ledger.mt_events set headers = jsonb_set(headers, '{principal}', to_jsonb('jwt:{{app.GitHub}}#repo:acme/payments:ref:refs/heads/main'::text))
            where stream_id = 'oidc-pay' and version = {{version}}; select 1
            """);
        (await app.Get<VerificationReport>("/v1/integrity/verify?changeId=oidc-pay")).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task the_cli_in_a_github_actions_job_asks_for_the_jobs_oidc_token_and_records_with_it_instead_of_a_key()
    {
        var environment = new Dictionary<string, string>
        {
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = $"{app.Provider.Issuer("github")}/token-request?repository=acme/payments",
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = OidcProvider.RequestToken,
            ["CHANGELEDGER_AUDIENCE"] = IdentityLedger.Audience,
            ["CHANGELEDGER_URL"] = "http://ledger.test",
        };

        var result = await app.Cli(environment, app.ClientWith(null), "validate", "--change", "oidc-pay", "--check", "cli-oidc", "--commit", "c0ffee1", "--", "true");

        result.Exit.ShouldBe(0, result.All);
        var trail = await app.Get<AuditTrail>("/v1/changes/oidc-pay/trail");
        trail.Events[^1].Principal.ShouldBe($"jwt:{app.GitHub}#repo:acme/payments:ref:refs/heads/main");
        result.All.ShouldNotContain("eyJ");
    }

    [Fact]
    public async Task the_cli_in_a_gitlab_job_sends_the_id_token_the_job_declared()
    {
        var environment = new Dictionary<string, string>
        {
            ["CHANGELEDGER_TOKEN"] = app.Provider.Mint("gitlab", IdentityLedger.Audience, OidcProvider.GitLabJob("acme/payments")),
            ["CHANGELEDGER_URL"] = "http://ledger.test",
        };

        var result = await app.Cli(environment, app.ClientWith(null), "validate", "--change", "oidc-gitlab", "--check", "cli-oidc", "--commit", "c0ffee1", "--", "true");

        result.Exit.ShouldBe(0, result.All);
        (await app.Get<AuditTrail>("/v1/changes/oidc-gitlab/trail")).Events[^1].Principal.ShouldBe($"jwt:{app.GitLab}#project_path:acme/payments:ref_type:branch:ref:main");
    }

    [Fact]
    public async Task during_an_issuer_outage_tokens_signed_with_cached_keys_still_work_and_an_unknown_key_is_a_401_saying_why()
    {
        var client = app.ClientWithToken(app.Provider.Mint("gitlab", IdentityLedger.Audience, OidcProvider.GitLabJob("acme/payments")));
        await (await client.GetAsync("/v1/changes/oidc-gitlab")).ShouldHaveStatus(200);
        app.Provider.Down = true;
        try
        {
            var fresh = app.ClientWithToken(app.Provider.Mint("gitlab", IdentityLedger.Audience, OidcProvider.GitLabJob("acme/payments")));
            await (await fresh.GetAsync("/v1/changes/oidc-gitlab")).ShouldHaveStatus(200);

            app.Provider.Rotate();
            var unknownKey = app.ClientWithToken(app.Provider.Mint("gitlab", IdentityLedger.Audience, OidcProvider.GitLabJob("acme/payments")));
            var problem = await (await unknownKey.GetAsync("/v1/changes/oidc-gitlab")).ShouldBeProblem(401, "unauthenticated");
            problem.GetProperty("detail").GetString()!.ShouldContain("key");
        }
        finally
        {
            app.Provider.Down = false;
        }
        await EveryIssuerKnowsTheNewestKey();
    }
}
