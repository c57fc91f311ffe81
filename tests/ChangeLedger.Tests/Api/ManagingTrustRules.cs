using System.Net.Http.Json;
using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>Trust rules are events: created, changed, removed, each with who and why, in their own trail and in exports.</summary>
public sealed class ManagingTrustRules(IdentityLedger app) : IClassFixture<IdentityLedger>
{
    private static TrustRuleRequest Rule(string issuer, string reason, string @ref = "refs/heads/main", string repositories = "github.com/acme/*") =>
        new(issuer, null, new Dictionary<string, string> { ["repository"] = "acme/billing", ["ref"] = @ref }, [Roles.Ingest], [repositories], reason);

    [Fact]
    public async Task creating_changing_and_removing_a_rule_is_its_trail_with_who_and_why_and_it_is_in_the_trail_export()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var created = await (await app.Put("/v1/access/trust-rules/billing-ci", Rule(app.GitHub, "billing CI records its checks"))).Read<TrustRuleInfo>(201);
        created.Version.ShouldBe(1);
        (await (await app.Put("/v1/access/trust-rules/billing-ci", Rule(app.GitHub, "again"))).Read<TrustRuleInfo>(200)).Version.ShouldBe(1);
        await (await app.Put("/v1/access/trust-rules/billing-ci", Rule(app.GitHub, "release branches too", "refs/heads/*"))).Read<TrustRuleInfo>(200);
        var removed = await (await app.Client.DeleteAsync("/v1/access/trust-rules/billing-ci?reason=billing%20moved%20to%20GitLab")).Read<TrustRuleInfo>(200);
        removed.Removed.ShouldBeTrue();

        var trail = await app.Get<AuditTrail>("/v1/access/trust-rules/billing-ci/trail");
        trail.ChangeId.ShouldBe("~trust:billing-ci");
        trail.Events.Select(e => e.Type).ShouldBe(["trust_rule_created", "trust_rule_changed", "trust_rule_removed"]);
        trail.Events.Select(e => e.Data.GetProperty("reason").GetString()).ShouldBe(["billing CI records its checks", "release branches too", "billing moved to GitLab"]);
        trail.Events.ShouldAllBe(e => e.Actor.StartsWith("key:") && e.Principal!.StartsWith("key:"));

        var export = await app.Client.GetStringAsync($"/v1/exports/trail?from={Uri.EscapeDataString(from.ToString("O"))}&format=ndjson");
        var rows = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            // The last line is the manifest's DSSE envelope, which has no "type".
            .Where(r => r.TryGetProperty("type", out var type) && type.GetString() == "event" && r.GetProperty("streamId").GetString() == "~trust:billing-ci").ToList();
        rows.Select(r => r.GetProperty("eventType").GetString()).ShouldBe(["trust_rule_created", "trust_rule_changed", "trust_rule_removed"]);
        using var key = Signing.PublicKey((await app.Get<JsonElement>("/v1/integrity/public-key")).GetProperty("publicKeyPem").GetString()!);
        (await TrailFileVerifier.Verify(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(export)), key)).Breaks.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_removed_rule_admits_no_token_from_the_next_request_on()
    {
        await app.Trust("shipping-ci", app.GitHub, new() { ["repository"] = "acme/shipping" }, [Roles.Read], ["github.com/acme/shipping"]);
        var client = app.ClientWithToken(app.Provider.Mint("github", IdentityLedger.Audience, OidcProvider.GitHubActions("acme/shipping")));
        await (await client.GetAsync("/v1/changes?repository=github.com/acme/shipping")).ShouldHaveStatus(200);

        await (await app.Client.DeleteAsync("/v1/access/trust-rules/shipping-ci?reason=decommissioned")).ShouldHaveStatus(200);

        await (await client.GetAsync("/v1/changes?repository=github.com/acme/shipping")).ShouldBeProblem(403, "no-trust-rule");
    }

    [Fact]
    public async Task a_scoped_admin_manages_only_rules_within_its_repositories()
    {
        app.Client.DefaultRequestHeaders.Authorization.ShouldNotBeNull();
        await app.Trust("elsewhere-ci", app.GitHub, new() { ["repository"] = "other/thing" }, [Roles.Ingest], ["github.com/other/*"]);
        var scoped = app.ClientWith(await app.IssueKey("acme-admin", [Roles.Admin, Roles.Ingest], "github.com/acme/*"));

        await (await scoped.PutAsJsonAsync("/v1/access/trust-rules/acme-ci", Rule(app.GitHub, "acme's own CI", repositories: "github.com/acme/billing"), LedgerApp.Json))
            .ShouldHaveStatus(201);
        await (await scoped.PutAsJsonAsync("/v1/access/trust-rules/too-wide", Rule(app.GitHub, "everything", repositories: "github.com/*"), LedgerApp.Json))
            .ShouldBeProblem(400, "validation");
        await (await scoped.DeleteAsync("/v1/access/trust-rules/elsewhere-ci?reason=mine%20now")).ShouldBeProblem(404, "unknown-trust-rule");
        await (await scoped.PutAsJsonAsync("/v1/access/trust-rules/elsewhere-ci", Rule(app.GitHub, "take over", repositories: "github.com/acme/billing"), LedgerApp.Json))
            .ShouldBeProblem(404, "unknown-trust-rule");

        var listed = await (await scoped.GetAsync("/v1/access/trust-rules")).Read<List<TrustRuleInfo>>(200);
        listed.Select(r => r.RuleId).ShouldContain("acme-ci");
        listed.Select(r => r.RuleId).ShouldNotContain("elsewhere-ci");
        (await app.Get<TrustRuleInfo[]>("/v1/access/trust-rules")).Single(r => r.RuleId == "elsewhere-ci").Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_rule_for_an_issuer_not_configured_or_granting_admin_or_without_conditions_is_refused_and_nothing_is_stored()
    {
        var before = await app.Count("select count(*) from ledger.mt_events where stream_id like '~trust:%'");

        await (await app.Put("/v1/access/trust-rules/bad-1", Rule("https://unknown.example", "x"))).ShouldBeProblem(400, "validation");
        await (await app.Put("/v1/access/trust-rules/bad-2", Rule(app.GitHub, "x") with { Roles = [Roles.Admin] })).ShouldBeProblem(400, "validation");
        await (await app.Put("/v1/access/trust-rules/bad-3", Rule(app.GitHub, "x") with { Claims = new Dictionary<string, string>() })).ShouldBeProblem(400, "validation");
        await (await app.Put("/v1/access/trust-rules/bad-4", Rule(app.GitHub, "") with { Reason = null })).ShouldBeProblem(400, "validation");
        await (await app.Put("/v1/access/trust-rules/bad%20id", Rule(app.GitHub, "x"))).ShouldBeProblem(400, "validation");

        (await app.Count("select count(*) from ledger.mt_events where stream_id like '~trust:%'")).ShouldBe(before);
    }
}
