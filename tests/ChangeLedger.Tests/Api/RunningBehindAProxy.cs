using System.Net;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// Behind a TLS ingress the service is spoken to in plain http by the proxy. With <c>ForwardedHeaders:KnownProxies</c>
/// (or <c>KnownNetworks</c>) naming it, the proxy's X-Forwarded-Proto is believed: the organisation login sends the
/// browser back to an https address and the form cookie is Secure. Without them (the default) nobody's header is.
/// Real processes, real sockets: the header reaches Kestrel as the ingress would send it.
/// </summary>
public sealed class RunningBehindAProxy
{
    [Fact]
    public async Task the_sign_in_redirect_and_cookies_are_https_when_the_known_proxy_says_so_and_only_then()
    {
        await using var provider = await OidcProvider.Start();
        await using var service = await ServiceDatabase.WithSchema();
        var login = new Dictionary<string, string>
        {
            ["Identity__Issuers__people__Issuer"] = provider.Issuer("people"),
            ["Identity__Issuers__people__Audiences__0"] = "changeledger-web",
            ["Identity__Issuers__people__Kind"] = "person",
            ["Identity__Issuers__people__RequireHttpsMetadata"] = "false",
            ["Web__Login__Issuer"] = "people",
            ["Web__Login__ClientId"] = "changeledger-web",
        };

        using (var behindTheProxy = await service.Serve(new Dictionary<string, string>(login) { ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1" }))
        {
            var forwarded = await SignIn(behindTheProxy, "https");
            forwarded.RedirectUri.ShouldBe($"https://{behindTheProxy.BaseAddress!.Authority}/signin/callback");
            forwarded.FormCookie.ShouldContain("secure", Case.Insensitive);

            var direct = await SignIn(behindTheProxy, null);
            direct.RedirectUri.ShouldStartWith("http://");
            direct.FormCookie.ShouldNotContain("secure", Case.Insensitive);
        }
        await service.StopAll();

        using var byDefault = await service.Serve(login);
        var ignored = await SignIn(byDefault, "https");
        ignored.RedirectUri.ShouldStartWith("http://", customMessage: "no proxy is known: a client's X-Forwarded-Proto decides nothing");
        ignored.FormCookie.ShouldNotContain("secure", Case.Insensitive);
    }

    /// <summary>The sign-in page's form cookie, and where the organisation login is told to send the browser back.</summary>
    private static async Task<(string RedirectUri, string FormCookie)> SignIn(HttpClient service, string? forwardedProto)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var browser = new HttpClient(handler) { BaseAddress = service.BaseAddress };

        using var page = new HttpRequestMessage(HttpMethod.Get, "/signin");
        if (forwardedProto is not null) page.Headers.Add("X-Forwarded-Proto", forwardedProto);
        using var signin = await browser.SendAsync(page);
        signin.StatusCode.ShouldBe(HttpStatusCode.OK);
        var formCookie = signin.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("changeledger-form=", StringComparison.Ordinal));

        using var challenge = new HttpRequestMessage(HttpMethod.Get, "/signin/login?returnUrl=%2F");
        if (forwardedProto is not null) challenge.Headers.Add("X-Forwarded-Proto", forwardedProto);
        using var toProvider = await browser.SendAsync(challenge);
        toProvider.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var query = System.Web.HttpUtility.ParseQueryString(toProvider.Headers.Location!.Query);
        return (query["redirect_uri"]!, formCookie);
    }
}
