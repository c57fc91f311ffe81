using System.Net.Http.Headers;
using System.Text;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>Whatever a client accepts and however odd its request line, an error comes back as a problem document.</summary>
public sealed class AnsweringEveryErrorAsAProblem(LedgerApp app) : IClassFixture<LedgerApp>
{
    public static TheoryData<string, string> Refusals() => new()
    {
        { "/v1/exports/ownership?format=csv", "text/csv" },
        { "/v1/exports/ownership?format=ndjson", "application/x-ndjson" },
        { "/v1/changes", "text/plain" },
        { "/v1/changes", "text/html" },
        { "/metrics", "text/plain" },
        { "/metrics", "application/openmetrics-text" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public async Task a_request_without_a_key_is_a_401_problem_whatever_it_accepts(string path, string accept)
    {
        var client = app.ClientWith(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        await (await client.SendAsync(request)).ShouldBeProblem(401, "unauthenticated");
    }

    public static TheoryData<string, string> Forbidden() => new()
    {
        { "/v1/exports/ownership?format=csv", "text/csv" },
        { "/v1/exports/ownership?format=ndjson", "application/x-ndjson" },
        { "/v1/access/keys", "text/plain" },
        { "/v1/access/keys", "text/html" },
    };

    [Theory, MemberData(nameof(Forbidden))]
    public async Task a_key_without_the_role_is_a_403_problem_whatever_it_accepts(string path, string accept)
    {
        var client = app.ClientWith(await app.IssueKey("read-only-" + Guid.NewGuid().ToString("N")[..6], [Roles.Read]));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        await (await client.SendAsync(request)).ShouldBeProblem(403, "forbidden");
    }

    [Fact]
    public async Task an_unknown_route_asked_for_as_csv_is_a_404_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/nowhere");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("text/csv"));
        await (await app.Client.SendAsync(request)).ShouldBeProblem(404, "not-found");
    }
}
