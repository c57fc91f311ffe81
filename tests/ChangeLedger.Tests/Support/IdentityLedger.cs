using System.Net.Http.Headers;
using ChangeLedger.Contracts;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// The service with OpenID providers configured, served from one loopback <see cref="OidcProvider"/> (and one that is never up):
/// <c>github</c> (GitHub Actions' claim shapes), <c>gitlab</c> (a GitLab instance's) and <c>people</c> (the
/// organisation's identity provider, whose tokens are persons').
/// </summary>
public sealed class IdentityLedger(IMessageSink sink) : LedgerApp(sink), IAsyncLifetime
{
    public const string Audience = "https://changeledger.test";

    public OidcProvider Provider { get; private set; } = null!;

    public string GitHub => Provider.Issuer("github");

    public string GitLab => Provider.Issuer("gitlab");

    public string People => Provider.Issuer("people");

    /// <summary>An issuer on a loopback port nothing listens on: its discovery is refused, so its keys are never fetched.</summary>
    public const string Unreachable = "http://127.0.0.1:9/unreachable";

    /// <summary>An issuer served by the provider that no test asks for until the provider is down: its keys were never fetched.</summary>
    public string Late => Provider.Issuer("late");

    public override async Task InitializeAsync()
    {
        Provider = await OidcProvider.Start();
        Configure("github", GitHub, "workload", "sub", "github.com/{repository}");
        Configure("gitlab", GitLab, "workload", "sub", "gitlab.example.com/{project_path}");
        Configure("people", People, "person", "preferred_username", null);
        Configure("unreachable", Unreachable, "workload", "sub", "github.com/{repository}");
        Configure("late", Late, "workload", "sub", "github.com/{repository}");
        await base.InitializeAsync();
    }

    private void Configure(string name, string issuer, string kind, string nameClaim, string? repository)
    {
        var at = $"Identity:Issuers:{name}:";
        Settings[at + "Issuer"] = issuer;
        Settings[at + "Audiences:0"] = Audience;
        Settings[at + "Kind"] = kind;
        Settings[at + "NameClaim"] = nameClaim;
        Settings[at + "Repository"] = repository;
        Settings[at + "RequireHttpsMetadata"] = "false";
        Settings[at + "RefreshInterval"] = "00:00:01";
    }

    /// <summary>A client that sends the token as its bearer credential.</summary>
    public HttpClient ClientWithToken(string token)
    {
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Registers a trust rule as the root admin would.</summary>
    public async Task<TrustRuleInfo> Trust(string ruleId, string issuer, Dictionary<string, string> claims, string[] roles, string[] repositories,
        string reason = "CI writes its own evidence")
    {
        var response = await Put($"/v1/access/trust-rules/{ruleId}", new TrustRuleRequest(issuer, null, claims, roles, repositories, reason));
        if ((int)response.StatusCode is not (200 or 201)) throw new ShouldAssertException($"trust rule {ruleId}: {await response.Content.ReadAsStringAsync()}");
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TrustRuleInfo>(response.Content, Json))!;
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
