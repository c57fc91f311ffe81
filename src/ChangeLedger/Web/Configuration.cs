using ChangeLedger.Access;
using ChangeLedger.Exports;
using ChangeLedger.Hosting;
using Marten;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Web;

/// <summary>
/// The reviewers' and auditors' web view: Razor components rendered on the server (no interactivity, no script), signed
/// in with a cookie of its own. The pages read the same projections through the same functions as the API, so a change
/// outside the caller's repositories is "not found" on a page exactly as it is in the API.
/// </summary>
public static class Configuration
{
    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSettings<WebOptions>(WebOptions.Section);
        builder.Services.AddRazorComponents();
        builder.Services.AddSingleton<ChainChecks>();
        builder.Services.AddSingleton<PastChanges>();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "changeledger-form";
            // The form token's cookie follows the request (antiforgery refuses to issue an Always-secure cookie over plain
            // HTTP, as behind a TLS-terminating proxy or on localhost); the session cookie itself is always Secure.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // The issuers AddAccess read (a bad one is already reported by the start's check), not read a second time.
        var issuers = builder.Services.Select(d => d.ImplementationInstance).OfType<TokenIssuers>().Single();
        WebSignIn.Register(builder.Services.AddAuthentication(), builder.Services, options, issuers);
        return builder;
    }

    public static void MapWeb(this WebApplication app)
    {
        WebSignIn.Map(app);
        Stylesheet.Map(app);
        // Pages are not part of the API: they stay out of the OpenAPI document (and so out of the authorization matrix).
        // Every page and framework endpoint needs a reading session unless it says it is for signing in ([AllowAnonymous]).
        app.MapRazorComponents<App>().RequireAuthorization(WebSignIn.ReadPolicy).ExcludeFromDescription();
        foreach (var spec in new[] { ExportOwnership.Spec, ExportTrail.Spec })
            app.MapGet("/exports/" + spec.Name, (DateTimeOffset? from, DateTimeOffset? to, string? repository, string? format, IQuerySession session,
                    System.Security.Claims.ClaimsPrincipal user, TimeProvider clock, HttpContext http, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
                {
                    // The export endpoints' own request rules and scope, served to the page session's cookie.
                    var (request, problem) = ExportRequest.Parse(from, to, repository, format,
                        spec == ExportOwnership.Spec ? ExportFormat.Csv : ExportFormat.Ndjson, clock.GetUtcNow());
                    return request is null
                        ? Problems.Result(problem!)
                        : ExportRun.Respond(spec, request with { Scope = ExportScope.Of(user) }, session, http, json.Value.SerializerOptions);
                })
                .RequireAuthorization(WebSignIn.ExportPolicy).ExcludeFromDescription();
    }
}
