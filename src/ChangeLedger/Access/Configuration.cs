using ChangeLedger.Hosting;
using Marten;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Authorization;

namespace ChangeLedger.Access;

/// <summary>Authentication by API key, role policies, repository scopes, rate limits, and the key endpoints.</summary>
public static class Configuration
{
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AccessOptions>(builder.Configuration.GetSection(AccessOptions.Section));
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Permissions.RolesFor)
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            // An endpoint that forgot to declare its policy still demands a key (and a test fails on it).
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        builder.Services.AddLedgerRateLimits(builder.Configuration);
        builder.Services.AddHostedService<BootstrapAdminKey>();
        builder.Services.AddSingleton<KeyCache>().AddHostedService(sp => sp.GetRequiredService<KeyCache>());
        return builder;
    }

    public static void AddAccessStreams(this StoreOptions opts)
    {
        opts.Events.AddEventTypes([typeof(ApiKeyIssued), typeof(ApiKeyRevoked)]);
        opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
    }

    public static void MapAccess(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/access/keys").WithTags("Access").ProducesAccessProblems();
        IssueKey.Map(keys);
        ListKeys.Map(keys);
        RevokeKey.Map(keys);
    }
}
