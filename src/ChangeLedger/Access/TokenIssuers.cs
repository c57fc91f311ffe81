using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChangeLedger.Access;

/// <summary>
/// An OpenID provider whose tokens the ledger accepts, named under <c>Identity:Issuers:&lt;name&gt;</c>. Nothing in it
/// is tied to one vendor: a CI provider (GitHub Actions, GitLab) or the organisation's identity provider is the same
/// shape, told apart by <see cref="Kind"/> and the claim mapping.
/// </summary>
public sealed class TokenIssuer
{
    /// <summary>The issuer URL, exactly as the tokens' <c>iss</c> claim carries it.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The audiences a token must name (its <c>aud</c>); at least one.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary><c>workload</c> (a pipeline's token: reviews it records are asserted) or <c>person</c> (a person's own login: their reviews are verified).</summary>
    public string Kind { get; set; } = WorkloadKind;

    /// <summary>The claim a person's reviews must name them by (e.g. <c>preferred_username</c>, <c>email</c>); also the display name.</summary>
    public string NameClaim { get; set; } = "sub";

    /// <summary>
    /// How the repository a token may write to is derived from its claims, e.g. <c>github.com/{repository}</c> or
    /// <c>gitlab.example.com/{project_path}</c>. Absent, a matching rule's repository patterns are the scope.
    /// </summary>
    public string? Repository { get; set; }

    /// <summary>The discovery document; by default <c>{Issuer}/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Only for tests and local providers on plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How often the discovery document and signing keys are fetched again even when nothing asks for it.</summary>
    public TimeSpan AutomaticRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The least time between two fetches forced by a token signed with a key (<c>kid</c>) not yet known.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tolerance for clocks that differ between the provider and the ledger.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    public const string WorkloadKind = "workload";
    public const string PersonKind = "person";

    public bool IsPerson => string.Equals(Kind, PersonKind, StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository the token's claims name, or null when the template names a claim the token lacks.</summary>
    public string? RepositoryOf(Func<string, string?> claim)
    {
        if (Repository is null) return null;
        var result = new System.Text.StringBuilder();
        var at = 0;
        while (at < Repository.Length)
        {
            var open = Repository.IndexOf('{', at);
            if (open < 0) { result.Append(Repository, at, Repository.Length - at); break; }
            var close = Repository.IndexOf('}', open);
            if (close < 0) throw new InvalidOperationException($"Identity issuer template '{Repository}' has an unclosed '{{'.");
            result.Append(Repository, at, open - at);
            if (claim(Repository[(open + 1)..close]) is not { Length: > 0 } value) return null;
            result.Append(value);
            at = close + 1;
        }
        return result.ToString();
    }
}

/// <summary>The configured issuers, each with its own JwtBearer scheme.</summary>
public sealed class TokenIssuers
{
    public const string Section = "Identity:Issuers";

    /// <summary>The scheme every request authenticates with: it forwards to a token issuer's scheme or to the key scheme.</summary>
    public const string BearerScheme = "Bearer";

    public Dictionary<string, TokenIssuer> ByName { get; } = new(StringComparer.Ordinal);

    public static string SchemeOf(string name) => "oidc:" + name;

    public (string Name, TokenIssuer Issuer)? Find(string issuer) =>
        ByName.FirstOrDefault(p => string.Equals(p.Value.Issuer, issuer, StringComparison.Ordinal)) is { Value: not null } hit ? (hit.Key, hit.Value) : null;

    public static TokenIssuers From(IConfiguration configuration)
    {
        var issuers = new TokenIssuers();
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            var issuer = section.Get<TokenIssuer>() ?? new TokenIssuer();
            if (string.IsNullOrWhiteSpace(issuer.Issuer) || issuer.Audiences.Count == 0)
                throw new InvalidOperationException($"{Section}:{section.Key} needs an Issuer and at least one of Audiences (see docs/security.md).");
            // Without a scheme ("login.acme.example/oauth2") the issuer can never equal a token's iss, nor name its discovery document.
            if (!IsWebAddress(issuer.Issuer))
                throw new InvalidOperationException($"{Section}:{section.Key}:Issuer (Identity__Issuers__{section.Key}__Issuer) '{issuer.Issuer}' must be an absolute https (or http) address, scheme included, such as https://login.example.com/oauth2.");
            if (issuer.MetadataAddress is { Length: > 0 } metadata && !IsWebAddress(metadata))
                throw new InvalidOperationException($"{Section}:{section.Key}:MetadataAddress (Identity__Issuers__{section.Key}__MetadataAddress) '{metadata}' must be an absolute https (or http) address, scheme included.");
            if (string.IsNullOrWhiteSpace(issuer.Repository)) issuer.Repository = null;
            issuer.RepositoryOf(_ => "x");
            issuers.ByName[section.Key] = issuer;
        }
        return issuers;
    }

    private static bool IsWebAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0;

    /// <summary>
    /// Registers one JwtBearer scheme per issuer and the policy scheme in front: a bearer value that is a JWT goes to
    /// the scheme of the issuer it names (its signature, issuer, audience and lifetime are checked there), anything
    /// else to the API-key scheme, which also answers for a JWT whose issuer is not configured.
    /// </summary>
    public static void Register(AuthenticationBuilder auth, TokenIssuers issuers)
    {
        auth.AddPolicyScheme(BearerScheme, "API key or OIDC token", o => o.ForwardDefaultSelector = http =>
            TokenOf(http) is { } token && IssuerOf(token) is { } iss && issuers.Find(iss) is { } found
                ? SchemeOf(found.Name)
                : ApiKeyAuthentication.SchemeName);
        foreach (var (name, issuer) in issuers.ByName)
            auth.AddJwtBearer(SchemeOf(name), o =>
            {
                o.MetadataAddress = issuer.MetadataAddress ?? issuer.Issuer.TrimEnd('/') + "/.well-known/openid-configuration";
                o.RequireHttpsMetadata = issuer.RequireHttpsMetadata;
                o.AutomaticRefreshInterval = issuer.AutomaticRefreshInterval;
                o.RefreshInterval = issuer.RefreshInterval;
                o.RefreshOnIssuerKeyNotFound = true;
                // Claims keep the names the provider gave them: trust rules are written against those.
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = issuer.Issuer,
                    ValidAudiences = issuer.Audiences,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    ClockSkew = issuer.ClockSkew,
                    NameClaimType = issuer.NameClaim,
                    RoleClaimType = System.Security.Claims.ClaimTypes.Role,
                };
                o.Events = new TokenEvents(name, issuer);
            });
    }

    /// <summary>The bearer value when it has a JWT's shape (three dot-separated parts), else null.</summary>
    public static string? TokenOf(HttpContext http)
    {
        string? header = http.Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var value = header[7..].Trim();
        return value.Count(c => c == '.') == 2 && value.StartsWith("eyJ", StringComparison.Ordinal) ? value : null;
    }

    /// <summary>The unverified <c>iss</c>, only to choose which issuer's scheme verifies the token.</summary>
    public static string? IssuerOf(string token)
    {
        try { return new JsonWebToken(token).Issuer; }
        catch (ArgumentException) { return null; }
    }
}
