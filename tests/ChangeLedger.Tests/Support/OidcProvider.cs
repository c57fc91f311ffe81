using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// OpenID providers on loopback, as the service meets them in production: each issuer (<c>{base}/{name}</c>) serves
/// its discovery document and JWKS over HTTP, and tokens are RS256 JWTs signed with the key the JWKS publishes. The
/// service finds the keys through discovery like it would GitHub's or GitLab's; nothing is mocked.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Kid, RSA Key)> _published = [];
    private int _discoveryRequests;
    private int _jwksRequests;

    private OidcProvider(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Name, string ClientId, string RedirectUri, string Challenge, string? Nonce)> _codes = new();
    private int _pkceVerified;

    /// <summary>The person signed in at the provider: the claims of the ID tokens its authorization codes turn into.</summary>
    public Dictionary<string, object> SignedIn { get; set; } = Person("pat", "auditors");

    /// <summary>Authorization codes exchanged with a verifier matching their S256 challenge.</summary>
    public int PkceVerified => _pkceVerified;

    public int DiscoveryRequests => _discoveryRequests;

    /// <summary>While true the provider answers 503 to everything: an outage of the issuer.</summary>
    public bool Down { get; set; }

    public int JwksRequests => _jwksRequests;

    public string Issuer(string name) => $"{BaseUrl}/{name}";

    /// <summary>What GitHub puts in ACTIONS_ID_TOKEN_REQUEST_TOKEN for a job allowed to ask for ID tokens.</summary>
    public const string RequestToken = "job-request-token-7f3a";

    public static async Task<OidcProvider> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var provider = new OidcProvider(builder.Build());
        provider.Rotate();
        provider._app.Use(async (context, next) =>
        {
            if (provider.Down) context.Response.StatusCode = 503;
            else await next(context);
        });
        provider._app.MapGet("/{name}/.well-known/openid-configuration", (string name) =>
        {
            Interlocked.Increment(ref provider._discoveryRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = provider.Issuer(name),
                ["jwks_uri"] = $"{provider.Issuer(name)}/jwks",
                ["authorization_endpoint"] = $"{provider.Issuer(name)}/authorize",
                ["token_endpoint"] = $"{provider.Issuer(name)}/token",
                ["response_types_supported"] = new[] { "code", "id_token" },
                ["code_challenge_methods_supported"] = new[] { "S256" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        provider._app.MapGet("/{name}/jwks", (string name) =>
        {
            Interlocked.Increment(ref provider._jwksRequests);
            List<(string Kid, RSA Key)> keys;
            lock (provider._published) keys = [.. provider._published];
            return Results.Json(new { keys = keys.Select(k => Jwk(k.Kid, k.Key)).ToList() });
        });
        // GitHub Actions' token request service: the job's request token as bearer, the audience as a parameter.
        provider._app.MapGet("/{name}/token-request", (string name, string audience, string repository, HttpRequest request) =>
            request.Headers.Authorization.ToString() == "Bearer " + RequestToken
                ? Results.Json(new { value = provider.Mint(name, audience, GitHubActions(repository)) })
                : Results.StatusCode(403));
        // A person's login, authorization code with PKCE (RFC 7636): the person signed in at the provider is SignedIn; the
        // code is bound to the challenge, and the token endpoint gives the ID token only for the verifier that hashes to it.
        provider._app.MapGet("/{name}/authorize", (string name, string client_id, string redirect_uri, string response_type, string state, string? nonce,
                string? code_challenge, string? code_challenge_method) =>
            {
                if (response_type != "code" || code_challenge is null || code_challenge_method != "S256") return Results.BadRequest("code with an S256 challenge only");
                var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                provider._codes[code] = (name, client_id, redirect_uri, code_challenge, nonce);
                return Results.Redirect($"{redirect_uri}?code={code}&state={Uri.EscapeDataString(state)}");
            });
        provider._app.MapPost("/{name}/token", async (string name, HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                if (form["grant_type"] != "authorization_code" || !provider._codes.TryRemove(form["code"].ToString(), out var issued)
                    || issued.Name != name || issued.RedirectUri != form["redirect_uri"] || issued.ClientId != form["client_id"])
                    return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
                var verifier = form["code_verifier"].ToString();
                if (Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))) != issued.Challenge)
                    return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: 400);
                Interlocked.Increment(ref provider._pkceVerified);
                var claims = new Dictionary<string, object>(provider.SignedIn);
                if (issued.Nonce is not null) claims["nonce"] = issued.Nonce;
                return Results.Json(new { id_token = provider.Mint(name, issued.ClientId, claims), access_token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300 });
            });
        await provider._app.StartAsync();
        provider.BaseUrl = provider._app.Urls.First().TrimEnd('/');
        return provider;
    }

    /// <summary>Publishes a new signing key and signs with it from now on (the old one stays published, as providers do).</summary>
    public string Rotate()
    {
        var kid = "k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        lock (_published) _published.Add((kid, RSA.Create(2048)));
        return kid;
    }

    /// <summary>A signed token of issuer <paramref name="name"/>: the claims as given, and iss, aud, iat, nbf, exp, jti.</summary>
    public string Mint(string name, string audience, IReadOnlyDictionary<string, object> claims, DateTime? expires = null, RSA? signWith = null, string? issuer = null)
    {
        (string Kid, RSA Key) current;
        lock (_published) current = _published[^1];
        var now = DateTime.UtcNow;
        var exp = expires ?? now.AddMinutes(5);
        var key = new RsaSecurityKey(signWith ?? current.Key) { KeyId = current.Kid };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer(name),
            Audience = audience,
            IssuedAt = exp.AddMinutes(-10) < now ? exp.AddMinutes(-10) : now,
            NotBefore = exp.AddMinutes(-10) < now ? exp.AddMinutes(-10) : now,
            Expires = exp,
            Claims = new Dictionary<string, object>(claims) { ["jti"] = Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The claims GitHub Actions puts into a job's OIDC token (docs.github.com, "About security hardening with OpenID Connect").</summary>
    public static Dictionary<string, object> GitHubActions(string repository, string @ref = "refs/heads/main", string? environment = null)
    {
        var owner = repository.Split('/')[0];
        var claims = new Dictionary<string, object>
        {
            ["sub"] = environment is null ? $"repo:{repository}:ref:{@ref}" : $"repo:{repository}:environment:{environment}",
            ["ref"] = @ref,
            ["ref_type"] = "branch",
            ["sha"] = "c0ffee1c0ffee1c0ffee1c0ffee1c0ffee1c0ff",
            ["repository"] = repository,
            ["repository_id"] = "4242",
            ["repository_owner"] = owner,
            ["repository_owner_id"] = "42",
            ["repository_visibility"] = "private",
            ["run_id"] = "7001",
            ["run_number"] = "12",
            ["run_attempt"] = "1",
            ["actor"] = "octocat",
            ["actor_id"] = "583231",
            ["workflow"] = "CI",
            ["event_name"] = "push",
            ["head_ref"] = "",
            ["base_ref"] = "",
            ["workflow_ref"] = $"{repository}/.github/workflows/ci.yml@{@ref}",
            ["job_workflow_ref"] = $"{repository}/.github/workflows/ci.yml@{@ref}",
            ["runner_environment"] = "github-hosted",
        };
        if (environment is not null) claims["environment"] = environment;
        return claims;
    }

    /// <summary>The claims of a GitLab CI/CD job's ID token (docs.gitlab.com, "OpenID Connect (OIDC) authentication using ID tokens").</summary>
    public static Dictionary<string, object> GitLabJob(string projectPath, string @ref = "main") => new()
    {
        ["sub"] = $"project_path:{projectPath}:ref_type:branch:ref:{@ref}",
        ["namespace_id"] = "72",
        ["namespace_path"] = projectPath.Split('/')[0],
        ["project_id"] = "20",
        ["project_path"] = projectPath,
        ["user_id"] = "5",
        ["user_login"] = "alice",
        ["user_email"] = "alice@example.com",
        ["pipeline_id"] = "1212",
        ["pipeline_source"] = "push",
        ["job_id"] = "3434",
        ["ref"] = @ref,
        ["ref_type"] = "branch",
        ["ref_path"] = $"refs/heads/{@ref}",
        ["ref_protected"] = "true",
        ["runner_id"] = "1",
        ["runner_environment"] = "gitlab-hosted",
        ["sha"] = "c0ffee1c0ffee1c0ffee1c0ffee1c0ffee1c0ff",
        ["project_visibility"] = "private",
        ["ci_config_ref_uri"] = $"gitlab.example.com/{projectPath}//.gitlab-ci.yml@refs/heads/{@ref}",
    };

    /// <summary>An access token of the organisation's identity provider for a person.</summary>
    public static Dictionary<string, object> Person(string username, params string[] groups) => new()
    {
        ["sub"] = "00u" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(username)))[..12],
        ["preferred_username"] = username,
        ["email"] = username + "@acme.example",
        ["groups"] = groups,
    };

    private static object Jwk(string kid, RSA key)
    {
        var p = key.ExportParameters(false);
        return new { kty = "RSA", use = "sig", alg = "RS256", kid, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        lock (_published) foreach (var (_, key) in _published) key.Dispose();
    }
}
