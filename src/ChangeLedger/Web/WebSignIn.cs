using System.Security.Claims;
using ChangeLedger.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChangeLedger.Web;

/// <summary>
/// How a person gets a page session: an API key exchanged once for a cookie (the key itself never reaches the browser's
/// storage), or the organisation's login (code + PKCE). The session lives in PostgreSQL (<see cref="PageSessions"/>) and
/// the cookie only names it, so signing out, revoking the key or changing the trust rule that admitted it ends it on
/// every node from the next request. Every page also checks again that the key is still usable (expiry).
/// </summary>
public static class WebSignIn
{
    public const string CookieScheme = "web";
    public const string LoginScheme = "web-login";
    public const string ReadPolicy = "web-read";
    public const string ExportPolicy = "web-export";
    public const string SessionPolicy = "web-session";

    public static void Register(AuthenticationBuilder auth, IServiceCollection services, WebOptions options, TokenIssuers issuers)
    {
        auth.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "changeledger";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(options.SessionMinutes);
            o.SlidingExpiration = false;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/signin";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = StillUsable;
            // The framework makes these redirects absolute from the request's Host header, which the client chooses: only
            // the path and query of this site go out.
            o.Events.OnRedirectToLogin = context => Redirect(context);
            o.Events.OnRedirectToAccessDenied = context => Redirect(context);
            o.Events.OnRedirectToLogout = context => Redirect(context);
            o.Events.OnRedirectToReturnUrl = context => Redirect(context);
        });
        services.AddSingleton<PageSessions>();
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<PageSessions>((o, sessions) => o.SessionStore = sessions);
        var login = options.Login;
        if (login is not null && !issuers.ByName.ContainsKey(login.Issuer))
            // Reported by the start's one-line check of every setting, like any other bad value.
            services.AddOptions<WebOptions>().Validate(_ => false,
                $"Web:Login:Issuer (Web__Login__Issuer) '{login.Issuer}' is not an entry under {TokenIssuers.Section} (see docs/web.md).");
        else if (login is not null)
        {
            var issuer = issuers.ByName[login.Issuer];
            auth.AddOpenIdConnect(LoginScheme, o =>
            {
                o.SignInScheme = CookieScheme;
                o.Authority = issuer.Issuer;
                o.MetadataAddress = issuer.MetadataAddress ?? issuer.Issuer.TrimEnd('/') + "/.well-known/openid-configuration";
                o.RequireHttpsMetadata = issuer.RequireHttpsMetadata;
                o.ClientId = login.ClientId;
                o.ClientSecret = login.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back on a plain redirect; PKCE binds it to this browser's verifier.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.CallbackPath = "/signin/callback";
                o.SignedOutCallbackPath = "/signout/callback";
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.SaveTokens = false;
                o.TokenValidationParameters.NameClaimType = issuer.NameClaim;
                o.TokenValidationParameters.ValidAudiences = [login.ClientId, .. issuer.Audiences];
                o.TokenValidationParameters.ClockSkew = issuer.ClockSkew;
                o.Events.OnTokenValidated = async context =>
                {
                    // The same trust rules as the issuer's bearer tokens decide what the person may see.
                    if (await TokenEvents.Admit(context.HttpContext, context.Principal!, login.Issuer, issuer) is { } admitted) context.Principal = admitted;
                    else context.Fail("The login has no subject (sub).");
                };
                o.Events.OnRemoteFailure = context =>
                {
                    // The person is told it did not complete; the operator learns why.
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebSignIn))
                        .LogWarning(context.Failure, "A web sign-in through {Issuer} did not complete", login.Issuer);
                    context.HandleResponse();
                    context.Response.Redirect("/signin?failed=login");
                    return Task.CompletedTask;
                };
            });
        }
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser().RequireRole(Permissions.RolesFor[Permissions.ReadChanges]))
            .AddPolicy(ExportPolicy, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser().RequireRole(Permissions.RolesFor[Permissions.Export]))
            .AddPolicy(SessionPolicy, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());
    }

    /// <summary>A key session lasts only while its key does: revoked or expired, the next page asks to sign in again.</summary>
    private static async Task StillUsable(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirstValue(CallerClaims.KeyIdClaim) is not { } keyId) return;
        var services = context.HttpContext.RequestServices;
        var key = await services.GetRequiredService<KeyCache>().Find(keyId, context.HttpContext.RequestAborted);
        if (key is null || ApiKeyAuthentication.Usable(key, services.GetRequiredService<TimeProvider>()) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        var target = new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute);
        context.Response.Redirect(target.IsAbsoluteUri ? target.PathAndQuery : context.RedirectUri);
        return Task.CompletedTask;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        // A form post: binding from the form makes the antiforgery token required.
        app.MapPost("/signin/key", async Task<IResult> ([FromForm] string? key, [FromForm] string? returnUrl, HttpContext http, KeyCache keys, TimeProvider clock) =>
            {
                // The form only ever sends a local path; anything else was made elsewhere, and is refused before any session opens.
                if (returnUrl is { Length: > 0 } && !IsLocal(returnUrl))
                    return Problems.Result(new Validation().Add("returnUrl", "'returnUrl' is a path on this site (starting with one '/', without control characters or '\\').").ToProblem());
                if (key is null || !KeySecret.TryParse(key.Trim(), out var presented)
                    || await ApiKeyAuthentication.Authenticate(presented, keys, clock, http.RequestAborted) is not { } principal)
                    return new RazorComponentResult<Pages.SignIn>(new { Failed = "key", ReturnUrl = returnUrl }) { StatusCode = StatusCodes.Status401Unauthorized };
                if (!Permissions.RolesFor[Permissions.ReadChanges].Any(principal.IsInRole))
                    return new RazorComponentResult<Pages.SignIn>(new { Failed = "role", ReturnUrl = returnUrl }) { StatusCode = StatusCodes.Status403Forbidden };
                // Only the key's id and what it grants go into the cookie, never its secret.
                var identity = new ClaimsIdentity(principal.Claims, CookieScheme, ClaimTypes.Name, ClaimTypes.Role);
                await http.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
                return Results.LocalRedirect(Local(returnUrl));
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/signin/login", (string? returnUrl, WebOptions options) =>
                options.Login is null
                    ? Results.NotFound()
                    // The provider's redirect back is a cross-site navigation, on which the browser withholds a SameSite=Strict
                    // cookie; /signin/done moves on from this site's own page, where the new session cookie is sent.
                    : Results.Challenge(new AuthenticationProperties { RedirectUri = "/signin/done?returnUrl=" + Uri.EscapeDataString(Local(returnUrl)) }, [LoginScheme]))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/signout", async (HttpContext http) =>
            {
                // Nothing is bound from this form, so the endpoint reads the antiforgery middleware's verdict itself: a
                // cross-site post would otherwise sign the person out.
                if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
                    throw new BadHttpRequestException("The form's antiforgery token is missing or invalid.", StatusCodes.Status400BadRequest,
                        http.Features.Get<IAntiforgeryValidationFeature>()?.Error as AntiforgeryValidationException ?? new AntiforgeryValidationException("The antiforgery token was not checked."));
                await http.SignOutAsync(CookieScheme);
                return Results.LocalRedirect("/signin");
            })
            // The session's own scheme authenticates the post, so its token is checked against the person it was issued to.
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireAuthorization(SessionPolicy).ExcludeFromDescription();
    }

    /// <summary>Only a path on this site: a return URL never sends the person elsewhere.</summary>
    public static string Local(string? returnUrl) => returnUrl is not null && IsLocal(returnUrl) ? returnUrl : "/";

    /// <summary>
    /// One leading '/', then no '/' or '\' second, and no control character or backslash anywhere: browsers drop tabs and
    /// line breaks from a URL and read '\' as '/', so "/\t/evil.example" would otherwise leave the site.
    /// </summary>
    public static bool IsLocal(string url) =>
        url.Length > 0 && url[0] == '/' && (url.Length == 1 || url[1] is not '/' and not '\\') && !url.Any(c => char.IsControl(c) || c == '\\');
}
