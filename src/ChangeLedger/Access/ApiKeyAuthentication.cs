using System.Security.Claims;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Access;

public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary><c>Enabled</c> (default) or <c>Disabled</c>: every caller becomes an all-powerful local user. Experiments only.</summary>
    [System.ComponentModel.DataAnnotations.RegularExpression("(?i)^(enabled|disabled)$", ErrorMessage = "Access:Mode (Access__Mode) is Enabled or Disabled.")]
    public string Mode { get; set; } = "Enabled";

    /// <summary>A full key (<c>cl_id_secret</c>) that is made to exist at startup with every role on every repository.</summary>
    public string? BootstrapAdminKey { get; set; }

    public bool Disabled => string.Equals(Mode, "Disabled", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Bearer API keys, found through <see cref="KeyCache"/>: a revoked key fails on its next request on every node (see
/// there for the bound). The secret never reaches a log: only the key id does.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeyCache keys,
    IOptions<AccessOptions> access,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (access.Value.Disabled) return Success(Principal("local", "access disabled", Roles.All, ["*"]));

        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (TokenIssuers.TokenOf(Context) is { } token)
            return AuthenticateResult.Fail($"The token's issuer '{TokenIssuers.IssuerOf(token) ?? "(unreadable)"}' is not one this ledger trusts (Identity:Issuers).");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || !KeySecret.TryParse(header[7..].Trim(), out var presented))
            return AuthenticateResult.Fail("The Authorization header is not 'Bearer cl_<id>_<secret>' nor a token of a configured issuer.");

        return await Authenticate(presented, keys, clock, Context.RequestAborted) is { } principal
            ? Success(principal)
            // One message for unknown, wrong secret, revoked and expired: a caller learns nothing about which.
            : AuthenticateResult.Fail("The key is unknown, revoked or expired.");
    }

    /// <summary>Who a presented key is now; null when it is unknown, its secret wrong, or it is revoked or expired.</summary>
    public static async Task<ClaimsPrincipal?> Authenticate(KeySecret presented, KeyCache keys, TimeProvider clock, CancellationToken ct)
    {
        var key = await keys.Find(presented.KeyId, ct);
        return key is null || !presented.Matches(key.SecretHash) ? null : Usable(key, clock);
    }

    /// <summary>The principal of a key that is neither revoked nor expired, else null.</summary>
    public static ClaimsPrincipal? Usable(ApiKey key, TimeProvider clock) =>
        key.IsUsableAt(clock.GetUtcNow()) ? Principal(key.KeyId, key.Name, key.Roles, key.Repositories) : null;

    private AuthenticateResult Success(ClaimsPrincipal principal) => AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    public static ClaimsPrincipal Principal(string keyId, string name, IEnumerable<string> roles, IEnumerable<string> repositories)
    {
        var claims = new List<Claim> { new(CallerClaims.KeyIdClaim, keyId), new(ClaimTypes.Name, name) };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(repositories.Select(r => new Claim(CallerClaims.RepositoryClaim, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer realm=\"changeledger\""
            : "Bearer realm=\"changeledger\", error=\"invalid_token\"";
        await AccessProblems.Write(Context, 401, "unauthenticated", "Authentication required",
            failure?.Message ?? "Send an API key: Authorization: Bearer cl_<id>_<secret>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AccessProblems.Forbidden(Context);
}
