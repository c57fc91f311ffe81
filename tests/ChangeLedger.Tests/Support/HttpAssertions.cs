using System.Net.Http.Json;
using System.Text.Json;

namespace ChangeLedger.Tests.Support;

public static class HttpAssertions
{
    public static async Task ShouldHaveStatus(this HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
            throw new ShouldAssertException($"Expected HTTP {status} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<T> Read<T>(this HttpResponseMessage response, int status)
    {
        await response.ShouldHaveStatus(status);
        return (await response.Content.ReadFromJsonAsync<T>(LedgerApp.Json))!;
    }

    /// <summary>Asserts an RFC 9457 problem: status, media type and the stable problem type.</summary>
    public static async Task<JsonElement> ShouldBeProblem(this HttpResponseMessage response, int status, string type)
    {
        await response.ShouldHaveStatus(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("type").GetString().ShouldBe("urn:changeledger:problem:" + type);
        body.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        return body;
    }
}
