using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ChangeLedger.Access;

/// <summary>
/// What happens to a token once its issuer's scheme has checked signature, issuer, audience and lifetime: the trust
/// rules decide what it may do. A token no rule admits is authenticated but has no role and no repository, so every
/// ledger endpoint answers it 403. Refusals are problem documents, like the key scheme's.
/// </summary>
public sealed class TokenEvents(string name, TokenIssuer issuer) : JwtBearerEvents
{
    public override async Task TokenValidated(TokenValidatedContext context)
    {
        if (await Admit(context.HttpContext, context.Principal!, name, issuer) is { } admitted) context.Principal = admitted;
        else context.Fail("The token has no subject (sub).");
    }

    private int _refreshing;

    /// <summary>
    /// Two failures are the issuer's, not the token's, and answered 401 at once. A key (<c>kid</c>) the cached JWKS lacks:
    /// the provider may have rotated, so its keys are fetched again off the request's path, one fetch at a time (and at
    /// most once per <see cref="TokenIssuer.RefreshInterval"/>), and tokens under the new key work once it lands; a request
    /// never waits on the provider, and a flood of forged kids costs it nothing. Discovery or JWKS unreachable before any
    /// keys were fetched (a start during the provider's outage): the handler would rethrow it, and it is not a failure of
    /// the ledger's own. A PostgreSQL outage met while reading the trust rules stays one (503).
    /// </summary>
    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        if (context.Exception is SecurityTokenSignatureKeyNotFoundException && context.Options.ConfigurationManager is { } manager)
            RefreshOffTheRequest(manager, context.HttpContext.RequestServices.GetRequiredService<ILogger<TokenEvents>>());
        else if (IssuerUnreachable(context.Exception))
            context.Fail(context.Exception);
        return Task.CompletedTask;
    }

    private void RefreshOffTheRequest(Microsoft.IdentityModel.Protocols.IConfigurationManager<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration> manager,
        ILogger log)
    {
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0) return;
        _ = Task.Run(async () =>
        {
            try
            {
                manager.RequestRefresh();
                await manager.GetConfigurationAsync(CancellationToken.None);
            }
            catch (Exception ex) when (IssuerUnreachable(ex))
            {
                log.LogWarning("The signing keys of issuer {Issuer} could not be fetched again: {Reason}", name, ex.Message);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    private static bool IssuerUnreachable(Exception? failure)
    {
        if (failure is null || DatabaseOutage.IsOutage(failure)) return false;
        for (var e = failure; e is not null; e = e.InnerException)
            if (e is HttpRequestException or IOException or System.Net.Sockets.SocketException || e.Message.Contains("IDX20803", StringComparison.Ordinal))
                return true;
        return false;
    }

    /// <summary>
    /// The principal the ledger knows the token by: its trust rules' roles and repositories; null without a subject.
    /// A bearer token and a person's web sign-in (the same issuer's ID token) are both admitted here.
    /// </summary>
    public static async Task<ClaimsPrincipal?> Admit(HttpContext http, ClaimsPrincipal token, string name, TokenIssuer issuer)
    {
        string? First(string claim) => token.FindFirst(claim)?.Value;
        IEnumerable<string> All(string claim) => token.FindAll(claim).Select(c => c.Value);
        var subject = First("sub");
        if (subject is not { Length: > 0 }) return null;
        var audiences = All("aud").ToList();
        var store = http.RequestServices.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var rules = await session.Query<TrustRule>().Where(r => r.Issuer == issuer.Issuer && !r.Removed).ToListAsync(http.RequestAborted);
        var admitting = rules.Where(r => r.Admits(audiences, All)).OrderBy(r => r.RuleId, StringComparer.Ordinal).ToList();
        var repository = issuer.RepositoryOf(First);

        var principal = $"jwt:{issuer.Issuer}#{subject}";
        var display = First(issuer.NameClaim) ?? subject;
        var claims = new List<Claim> { new(CallerClaims.PrincipalClaim, principal), new(ClaimTypes.Name, display) };
        if (issuer.IsPerson) claims.Add(new Claim(CallerClaims.PersonClaim, display));
        claims.AddRange(admitting.Select(r => new Claim(CallerClaims.TrustRuleClaim, r.RuleId)));
        claims.AddRange(admitting.SelectMany(r => r.Roles).Distinct(StringComparer.Ordinal).Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(admitting.SelectMany(r => r.Grants(repository, issuer.Repository is not null)).Distinct(StringComparer.Ordinal)
            .Select(r => new Claim(CallerClaims.RepositoryClaim, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, TokenIssuers.SchemeOf(name), ClaimTypes.Name, ClaimTypes.Role));
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var why = Why(context.AuthenticateFailure);
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? "Bearer realm=\"changeledger\""
            : $"Bearer realm=\"changeledger\", error=\"invalid_token\", error_description=\"{why}\"";
        await AccessProblems.Write(context.HttpContext, 401, "unauthenticated", "Authentication required",
            context.AuthenticateFailure is null ? "Send an OIDC token or an API key as Authorization: Bearer …." : $"The {name} token was refused: {why}");
    }

    public override Task Forbidden(ForbiddenContext context) => AccessProblems.Forbidden(context.HttpContext);

    /// <summary>Which check failed, in a sentence the caller can act on; never the token itself.</summary>
    private static string Why(Exception? failure) => failure switch
    {
        null => "",
        SecurityTokenExpiredException expired => $"it expired at {expired.Expires:O}.",
        SecurityTokenNotYetValidException => "it is not valid yet.",
        SecurityTokenInvalidAudienceException => "its audience (aud) is not one this ledger accepts.",
        SecurityTokenInvalidIssuerException => "its issuer (iss) is not the configured one.",
        SecurityTokenSignatureKeyNotFoundException => "it is signed with a key the issuer does not publish (or the issuer's keys could not be fetched again).",
        SecurityTokenInvalidSignatureException => "its signature does not verify.",
        SecurityTokenNoExpirationException => "it has no expiry.",
        _ => failure.Message.Contains("IDX10503", StringComparison.Ordinal) || failure.Message.Contains("IDX10511", StringComparison.Ordinal)
            ? "its signature does not verify."
            : failure is InvalidOperationException or HttpRequestException or System.IO.IOException
                ? "the issuer's signing keys could not be fetched (discovery or JWKS unreachable)."
                : "it is not a valid token from this issuer.",
    };
}
