using System.ComponentModel.DataAnnotations;

namespace ChangeLedger.Web;

/// <summary>The web view's settings, under <c>Web</c> (docs/web.md).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>How long a page session lasts after sign-in; the key or login behind it is checked again on every page.</summary>
    [Range(1, 7 * 24 * 60, ErrorMessage = "Web:SessionMinutes (Web__SessionMinutes) must be between {1} and {2} minutes.")]
    public int SessionMinutes { get; set; } = 60;

    /// <summary>Signing in with the organisation's login; absent, only API keys sign in.</summary>
    public WebLogin? Login { get; set; }
}

/// <summary>
/// A person's login through one of the configured issuers (<c>Identity:Issuers:&lt;Issuer&gt;</c>): authorization code with
/// PKCE; the ID token is then admitted by the same trust rules as that issuer's bearer tokens.
/// </summary>
public sealed class WebLogin
{
    /// <summary>The name of the entry under <c>Identity:Issuers</c> whose provider people sign in with.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>This ledger's client id at the provider (also one of the issuer's Audiences, since it is the ID token's audience).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>For a confidential client; a public client signs in with PKCE alone.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>What the sign-in button says, e.g. "Sign in with Acme SSO".</summary>
    public string Label { get; set; } = "Sign in with your organisation's login";
}
