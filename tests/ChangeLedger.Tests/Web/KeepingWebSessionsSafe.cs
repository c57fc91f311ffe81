using System.Net;
using ChangeLedger.Hosting;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Web;

/// <summary>
/// The web view's sessions and pages against what an attacker tries (issue 26): a cookie copied before sign-out, a
/// sign-out forged from another site, return URLs that leave the site, a Host header of their choosing, and the headers
/// that keep a page from being framed, sniffed, cached or fed a script. Plain HTTP against the service on its loopback
/// socket, with the in-process host beside it as a second node on the same database.
/// </summary>
public sealed class KeepingWebSessionsSafe(WebLedger web) : IClassFixture<WebLedger>
{
    private async Task<FormSession> SignedIn(string name)
    {
        var session = new FormSession(web.BaseUrl);
        (await session.SignIn(await web.IssueKey(name, ["read", "export"]))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        session.Cookies.ShouldContainKey("changeledger");
        return session;
    }

    /// <summary>The other node: the in-process host, sent the cookie by hand.</summary>
    private async Task<HttpStatusCode> OnTheOtherNode(string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "changeledger=" + cookie);
        return (await web.Host.Server.CreateClient().SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task a_cookie_copied_before_sign_out_is_refused_after_it_on_every_node()
    {
        using var session = await SignedIn("copied");
        var copied = new Dictionary<string, string> { ["changeledger"] = session.Cookies["changeledger"] };
        (await session.Get("/", copied)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await OnTheOtherNode("/", copied["changeledger"])).ShouldBe(HttpStatusCode.OK);

        var signedOut = await session.SignOut();
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect, web.ServerErrors());
        signedOut.Headers.Location!.OriginalString.ShouldBe("/signin");

        var after = await session.Get("/", copied);
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.OriginalString.ShouldStartWith("/signin");
        (await OnTheOtherNode("/", copied["changeledger"])).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task a_sign_out_posted_without_the_antiforgery_token_is_refused_and_the_session_stands()
    {
        using var session = await SignedIn("forged-signout");

        var forged = await session.Post("/signout", []);

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest, web.ServerErrors());
        await forged.ShouldBeProblem(400, "antiforgery");
        (await session.Get("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task revoking_the_key_ends_its_sessions_on_the_node_that_did_not_revoke_it()
    {
        var key = await web.IssueKey("revoked-in-session", ["read"]);
        using var session = new FormSession(web.BaseUrl);
        await session.SignIn(key);
        (await session.Get("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await web.Count("select count(*) from ledger.mt_doc_pagesession");

        await (await web.Client.DeleteAsync($"/v1/access/keys/{key.Split('_')[1]}?reason=left")).ShouldHaveStatus(200);

        (await session.Get("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await web.Count("select count(*) from ledger.mt_doc_pagesession")).ShouldBe(before - 1);
    }

    [Theory]
    [InlineData("%2F%09%2Fevil.example%2F")]
    [InlineData("%2F%0A%2Fevil.example%2F")]
    [InlineData("%2F%0D%2Fevil.example%2F")]
    [InlineData("%2F%5Cevil.example%2F")]
    [InlineData("%2F%2Fevil.example%2F")]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    public async Task a_return_url_that_leaves_the_site_is_never_followed(string returnUrl)
    {
        using var session = new FormSession(web.BaseUrl);

        var done = await (await session.Get("/signin/done?returnUrl=" + returnUrl)).Content.ReadAsStringAsync();
        var refused = await session.Post("/signin/key", new()
        {
            ["__RequestVerificationToken"] = await session.FormToken("/signin"),
            ["key"] = await web.IssueKey("returning", ["read"]),
            ["returnUrl"] = Uri.UnescapeDataString(returnUrl),
        });

        done.ShouldNotContain("evil.example");
        done.ShouldContain("url=/\"");
        var problem = await refused.ShouldBeProblem(400, "validation");
        problem.GetProperty("errors").TryGetProperty("returnUrl", out _).ShouldBeTrue();
        session.Cookies.ShouldNotContainKey("changeledger");
    }

    [Fact]
    public async Task a_redirect_to_sign_in_stays_on_this_site_whatever_host_the_request_names()
    {
        using var session = new FormSession(web.BaseUrl);
        var request = new HttpRequestMessage(HttpMethod.Get, "/changes/x");
        request.Headers.Host = "evil.example";

        var response = await session.Send(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/signin?returnUrl=%2Fchanges%2Fx");
    }

    [Fact]
    public async Task with_allowed_hosts_configured_a_request_naming_another_host_is_refused()
    {
        await using var host = await web.StartHost(new Dictionary<string, string?>(web.Settings) { ["AllowedHosts"] = "ledger.example" });
        var client = host.Server.CreateClient();

        var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        elsewhere.Headers.Host = "evil.example";
        var ours = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        ours.Headers.Host = "ledger.example";

        (await client.SendAsync(elsewhere)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.SendAsync(ours)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_signed_in_page_runs_no_script_takes_no_inline_style_is_framed_nowhere_and_is_not_cached()
    {
        using var session = await SignedIn("headers");

        var page = await session.Get("/");
        var html = await page.Content.ReadAsStringAsync();
        var css = await session.Get("/web.css");
        var export = await session.Get("/exports/trail");
        var nul = await session.Get("/?repository=github.com%2Facme%00");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(SecurityHeaders.PagePolicy);
        SecurityHeaders.PagePolicy.ShouldContain("frame-ancestors 'none'");
        SecurityHeaders.PagePolicy.ShouldStartWith("default-src 'none';");
        SecurityHeaders.PagePolicy.ShouldNotContain("unsafe-inline");
        page.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        page.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
        page.Headers.CacheControl!.NoStore.ShouldBeTrue();
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<style", Case.Insensitive);
        html.ShouldNotContain(" style=", Case.Insensitive);
        html.ShouldContain("href=\"/web.css\"");
        css.StatusCode.ShouldBe(HttpStatusCode.OK);
        css.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Headers.CacheControl!.NoStore.ShouldBeTrue();
        export.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        (await nul.ShouldBeProblem(400, "validation")).GetProperty("errors").TryGetProperty("repository", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task every_api_answer_is_not_sniffed_and_exports_are_not_cached()
    {
        var health = await web.Client.GetAsync("/health/live");
        var export = await web.Client.GetAsync("/v1/exports/trail");
        var problem = await web.Client.GetAsync("/v1/changes/nope");

        foreach (var response in new[] { health, export, problem })
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        export.Headers.CacheControl!.NoStore.ShouldBeTrue();
        export.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
    }
}
