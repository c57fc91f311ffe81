using System.Net;
using System.Text.RegularExpressions;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// A browser's part played by hand over HTTP against the web view: cookies kept and sent explicitly (so a test can copy
/// one, as an attacker would), no redirect followed, and the antiforgery token read from the page's form.
/// </summary>
public sealed partial class FormSession(string baseUrl) : IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public async Task<HttpResponseMessage> Send(HttpRequestMessage request, IReadOnlyDictionary<string, string>? cookies = null)
    {
        var sent = cookies ?? Cookies;
        if (sent.Count > 0) request.Headers.Add("Cookie", string.Join("; ", sent.Select(c => $"{c.Key}={c.Value}")));
        var response = await _client.SendAsync(request);
        if (cookies is null && response.Headers.TryGetValues("Set-Cookie", out var set))
            foreach (var cookie in set.Select(c => c.Split(';')[0].Split('=', 2)))
                if (cookie[1].Length == 0) Cookies.Remove(cookie[0]);
                else Cookies[cookie[0]] = cookie[1];
        return response;
    }

    public Task<HttpResponseMessage> Get(string path, IReadOnlyDictionary<string, string>? cookies = null) => Send(new HttpRequestMessage(HttpMethod.Get, path), cookies);

    /// <summary>The antiforgery token of the form on <paramref name="page"/> (its cookie is kept).</summary>
    public async Task<string> FormToken(string page)
    {
        var html = await (await Get(page)).Content.ReadAsStringAsync();
        return Token().Match(html) is { Success: true } input && Value().Match(input.Value) is { Success: true } value
            ? WebUtility.HtmlDecode(value.Groups[1].Value)
            : throw new ShouldAssertException($"no antiforgery token on {page}: {html}");
    }

    public Task<HttpResponseMessage> Post(string path, Dictionary<string, string> fields) =>
        Send(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });

    /// <summary>Signs in with <paramref name="key"/> through the form, as the page posts it.</summary>
    public async Task<HttpResponseMessage> SignIn(string key, string returnUrl = "/") =>
        await Post("/signin/key", new() { ["__RequestVerificationToken"] = await FormToken("/signin"), ["key"] = key, ["returnUrl"] = returnUrl });

    public async Task<HttpResponseMessage> SignOut() =>
        await Post("/signout", new() { ["__RequestVerificationToken"] = await FormToken("/") });

    [GeneratedRegex("<input[^>]*__RequestVerificationToken[^>]*>")]
    private static partial Regex Token();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex Value();

    public void Dispose() => _client.Dispose();
}
