using ChangeLedger.Access;

namespace ChangeLedger.Tests.Decisions;

/// <summary>Which tokens a trust rule admits and what it grants them: pure functions, no host.</summary>
public sealed class TrustRuleMatching
{
    private static TrustRule Rule(Dictionary<string, string> claims, string? audience = null, params string[] repositories) =>
        new("~trust:r", "r", "https://issuer", audience, claims, ["ingest"], repositories.Length == 0 ? ["github.com/acme/*"] : repositories,
            1, "key:admin", "why", DateTimeOffset.UnixEpoch, false);

    private static Func<string, IEnumerable<string>> Claims(params (string Name, string Value)[] claims) =>
        name => claims.Where(c => c.Name == name).Select(c => c.Value);

    [Fact]
    public void every_condition_must_match_some_value_of_its_claim()
    {
        var rule = Rule(new() { ["repository"] = "acme/payments", ["ref"] = "refs/heads/*" });

        rule.Admits([], Claims(("repository", "acme/payments"), ("ref", "refs/heads/main"))).ShouldBeTrue();
        rule.Admits([], Claims(("repository", "acme/payments"), ("ref", "refs/tags/v1"))).ShouldBeFalse();
        rule.Admits([], Claims(("repository", "acme/other"), ("ref", "refs/heads/main"))).ShouldBeFalse();
        rule.Admits([], Claims(("repository", "acme/payments"))).ShouldBeFalse();
    }

    [Fact]
    public void a_claim_with_several_values_matches_when_one_does()
    {
        var rule = Rule(new() { ["groups"] = "payments-reviewers" });

        rule.Admits([], Claims(("groups", "everyone"), ("groups", "payments-reviewers"))).ShouldBeTrue();
        rule.Admits([], Claims(("groups", "everyone"))).ShouldBeFalse();
    }

    [Fact]
    public void a_rule_naming_an_audience_admits_only_tokens_for_it_and_a_removed_rule_admits_none()
    {
        var rule = Rule(new() { ["repository"] = "acme/payments" }, audience: "https://ledger");
        var claims = Claims(("repository", "acme/payments"));

        rule.Admits(["https://ledger"], claims).ShouldBeTrue();
        rule.Admits(["https://other"], claims).ShouldBeFalse();
        (rule with { Removed = true }).Admits(["https://ledger"], claims).ShouldBeFalse();
    }

    [Fact]
    public void an_issuer_that_derives_the_repository_grants_only_that_one_and_only_if_the_rule_covers_it()
    {
        var rule = Rule(new() { ["repository"] = "*" }, null, "github.com/acme/*");

        rule.Grants("github.com/acme/payments", issuerDerives: true).ShouldBe(["github.com/acme/payments"]);
        rule.Grants("github.com/other/thing", issuerDerives: true).ShouldBeEmpty();
        rule.Grants(null, issuerDerives: true).ShouldBeEmpty();
        rule.Grants(null, issuerDerives: false).ShouldBe(["github.com/acme/*"]);
    }

    [Fact]
    public void the_repository_template_is_filled_from_the_claims_and_fails_closed_without_them()
    {
        var gitlab = new TokenIssuer { Repository = "gitlab.example.com/{project_path}" };

        gitlab.RepositoryOf(c => c == "project_path" ? "acme/payments" : null).ShouldBe("gitlab.example.com/acme/payments");
        gitlab.RepositoryOf(_ => null).ShouldBeNull();
        gitlab.RepositoryOf(_ => "").ShouldBeNull();
    }
}
