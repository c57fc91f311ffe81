using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using Microsoft.Playwright;

namespace ChangeLedger.Tests.Web;

/// <summary>The web view with the organisation's login configured: <c>Identity:Issuers:people</c> and <c>Web:Login</c>.</summary>
public sealed class WebLoginLedger(IMessageSink sink) : WebLedger(sink)
{
    public const string ClientId = "changeledger-web";

    public OidcProvider Provider { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Provider = await OidcProvider.Start();
        const string at = "Identity:Issuers:people:";
        Settings[at + "Issuer"] = Provider.Issuer("people");
        Settings[at + "Audiences:0"] = ClientId;
        Settings[at + "Kind"] = "person";
        Settings[at + "NameClaim"] = "preferred_username";
        Settings[at + "RequireHttpsMetadata"] = "false";
        Settings["Web:Login:Issuer"] = "people";
        Settings["Web:Login:ClientId"] = ClientId;
        Settings["Web:Login:Label"] = "Sign in with Acme SSO";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>
/// A person signs in to the pages with the organisation's login (authorization code + PKCE against a provider on another
/// site), and sees what the issuer's trust rules grant them, exactly as their bearer token would, for as long as the rule stands.
/// </summary>
public sealed class SigningInWithTheOrganisationsLogin(WebLoginLedger web) : IClassFixture<WebLoginLedger>
{
    [SkippableFact]
    public async Task a_person_signs_in_with_code_and_pkce_and_sees_only_the_repositories_their_trust_rule_grants()
    {
        var rule = new TrustRuleRequest(web.Provider.Issuer("people"), null, new Dictionary<string, string> { ["groups"] = "auditors" },
            ["read"], ["github.com/acme/*"], "auditors read acme");
        await (await web.Put("/v1/access/trust-rules/auditors", rule)).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes", Requests.Human("sso-1", repository: "github.com/acme/sso"))).ShouldHaveStatus(201);
        await (await web.Post("/v1/changes", Requests.Human("sso-2", repository: "github.com/other/sso"))).ShouldHaveStatus(201);

        var (context, page) = await web.NewPage();
        await using var _ = context;
        await page.GotoAsync("/changes/sso-1");
        new Uri(page.Url).AbsolutePath.ShouldBe("/signin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Acme SSO" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal) || url.Contains("failed", StringComparison.Ordinal));
        new Uri(page.Url).AbsolutePath.ShouldBe("/changes/sso-1", string.Join("\n", web.Logs.Where(l => l.Contains("sign-in", StringComparison.Ordinal))));

        web.Provider.PkceVerified.ShouldBe(1);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Fix typo in README");
        (await page.Locator("header").InnerTextAsync()).ShouldContain("Signed in as pat");
        (await context.CookiesAsync()).Single(c => c.Name == "changeledger").SameSite.ShouldBe(SameSiteAttribute.Strict);
        var hidden = await page.GotoAsync("/changes/sso-2");
        hidden!.Status.ShouldBe(404);

        // The rule that admitted the login is removed: its session ends on the next page, not when the cookie expires.
        await (await web.Client.DeleteAsync("/v1/access/trust-rules/auditors?reason=audit%20over")).ShouldHaveStatus(200);
        await page.GotoAsync("/changes/sso-1");
        new Uri(page.Url).AbsolutePath.ShouldBe("/signin");
    }
}
