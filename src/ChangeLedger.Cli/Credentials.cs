using System.Net.Http.Headers;
using System.Text.Json;

namespace ChangeLedger.Cli;

/// <summary>
/// Which credential a command sends, first found wins: <c>--key</c>; an OIDC token in <c>$CHANGELEDGER_TOKEN</c> (a
/// GitLab job's <c>id_tokens</c>, or any provider's); GitHub Actions' OIDC token, requested for the audience
/// <c>$CHANGELEDGER_AUDIENCE</c> (default: the service URL) when the job may (<c>permissions: id-token: write</c>);
/// last, the API key in <c>$CHANGELEDGER_KEY</c>. A CI job thus uses its short-lived token when it has one, and a
/// stored key only where it has none.
/// </summary>
public static class Credentials
{
    public static async Task<string?> Resolve(string? keyOption, string? url, CliHost host, CancellationToken ct)
    {
        if (keyOption is { Length: > 0 }) return keyOption;
        if (host.Environment("CHANGELEDGER_TOKEN") is { Length: > 0 } token) return token;
        if (host.Environment("ACTIONS_ID_TOKEN_REQUEST_URL") is { Length: > 0 } requestUrl
            && host.Environment("ACTIONS_ID_TOKEN_REQUEST_TOKEN") is { Length: > 0 } requestToken)
            return await GitHubActions(host, requestUrl, requestToken, host.Environment("CHANGELEDGER_AUDIENCE") ?? url?.TrimEnd('/'), ct);
        return host.Environment("CHANGELEDGER_KEY");
    }

    /// <summary>The job's ID token from GitHub's token service: GET the request URL with the audience, the request token as bearer.</summary>
    private static async Task<string> GitHubActions(CliHost host, string requestUrl, string requestToken, string? audience, CancellationToken ct)
    {
        if (audience is not { Length: > 0 })
            throw new CliException(ExitCodes.Config, "No audience for the GitHub Actions OIDC token: set CHANGELEDGER_AUDIENCE or CHANGELEDGER_URL.");
        var separator = requestUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{requestUrl}{separator}audience={Uri.EscapeDataString(audience)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", requestToken);
        try
        {
            using var client = host.IdTokenClient();
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                throw new CliException(ExitCodes.Unavailable,
                    $"GitHub Actions did not issue an OIDC token (HTTP {(int)response.StatusCode}); the job needs 'permissions: id-token: write'.");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return body.RootElement.TryGetProperty("value", out var value) && value.GetString() is { Length: > 0 } jwt
                ? jwt
                : throw new CliException(ExitCodes.Unavailable, "GitHub Actions answered the OIDC token request without a token ('value').");
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Unavailable, $"GitHub Actions' OIDC token service could not be reached: {ex.Message}");
        }
    }
}
