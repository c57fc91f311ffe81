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
        builder.Services.AddSettings<AccessOptions>(AccessOptions.Section);
        TokenIssuers issuers;
        try { issuers = TokenIssuers.From(builder.Configuration); }
        catch (InvalidOperationException invalid)
        {
            // The issuers' schemes are registered now, before there is a host; a bad one is reported, like every other
            // invalid setting, by the start's one-line check (Settings.AreValid), not as a crash here.
            issuers = new TokenIssuers();
            builder.Services.AddOptions<AccessOptions>().Validate(_ => false, invalid.Message);
        }
        builder.Services.AddSingleton(issuers);
        var auth = builder.Services.AddAuthentication(TokenIssuers.BearerScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        TokenIssuers.Register(auth, issuers);
        builder.Services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Permissions.RolesFor)
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            // An endpoint that forgot to declare its policy still demands a key (and a test fails on it).
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        builder.Services.AddLedgerRateLimits();
        builder.Services.AddHostedService<BootstrapAdminKey>();
        // What an issuer may grant depends on its own key; what a request must carry does not.
        builder.Services.AddSingleton(RequestRules.For<Contracts.IssueKeyRequest>(r => IssueKey.Validate(r, new System.Security.Claims.ClaimsPrincipal(), DateTimeOffset.MinValue)));
        builder.Services.AddSingleton(RequestRules.For<Contracts.SignerRequest>(r => RegisterSigner.Validate(r, new System.Security.Claims.ClaimsPrincipal())));
        builder.Services.AddSingleton(RequestRules.For<Contracts.TrustRuleRequest>(r => SetTrustRule.Validate(r, new System.Security.Claims.ClaimsPrincipal(), issuers)));
        // Roles are a closed set the contract types as strings; the reference lists them.
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            foreach (var name in new[] { nameof(Contracts.IssueKeyRequest), nameof(Contracts.KeyInfo) })
                if (doc.Components?.Schemas?.TryGetValue(name, out var schema) is true
                    && schema.Properties?.TryGetValue("roles", out var roles) is true && roles.Items is Microsoft.OpenApi.OpenApiSchema item)
                    item.Enum = [.. Roles.All.Select(r => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(r))];
            return Task.CompletedTask;
        }));
        builder.Services.AddSingleton<KeyCache>().AddSingleton(new NotificationChannel(KeyCache.Channel));
        DataProtectionKeys.Register(builder.Services);
        return builder;
    }

    public static void AddAccessStreams(this StoreOptions opts)
    {
        opts.Events.AddEventTypes([typeof(ApiKeyIssued), typeof(ApiKeyRevoked), typeof(TrustRuleCreated), typeof(TrustRuleChanged), typeof(TrustRuleRemoved),
            typeof(SignerRegistered), typeof(SignerChanged), typeof(SignerRevoked)]);
        opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
        // Inline: the next token is judged by the rule as just changed.
        opts.Projections.Add<TrustRuleProjection>(ProjectionLifecycle.Inline);
        // Inline: the next envelope is judged by the signer as just registered or revoked.
        opts.Projections.Add<SignerProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<PageSession>().Identity(s => s.Id).Index(s => s.KeyId);
        opts.Schema.For<DataProtectionKey>().Identity(k => k.Id);
    }

    public static void MapAccess(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/access/keys").WithTags("Access").ProducesAccessProblems();
        IssueKey.Map(keys);
        ListKeys.Map(keys);
        RevokeKey.Map(keys);
        var rules = app.MapGroup("/v1/access/trust-rules").WithTags("Access").ProducesAccessProblems();
        SetTrustRule.Map(rules);
        RemoveTrustRule.Map(rules);
        ListTrustRules.Map(rules);
        var signers = app.MapGroup("/v1/access/signers").WithTags("Access").ProducesAccessProblems();
        RegisterSigner.Map(signers);
        RevokeSigner.Map(signers);
        ListSigners.Map(signers);
    }
}
