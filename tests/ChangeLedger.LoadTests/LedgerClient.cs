using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeLedger.LoadTests;

/// <summary>What one request came to: its HTTP status (0 when no answer arrived) and the body as text.</summary>
public readonly record struct Answer(int Status, string Body, string? Error = null)
{
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>One pooled HTTP client for every worker, with as many connections as workers, to the loopback URL only.</summary>
public sealed class LedgerClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly HttpClient _http;

    public LedgerClient(Options options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(15),
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);
    }

    public Task<Answer> Post(string path, object body) =>
        Send(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json"),
        });

    public Task<Answer> Get(string path) => Send(new HttpRequestMessage(HttpMethod.Get, path));

    private async Task<Answer> Send(HttpRequestMessage request)
    {
        try
        {
            using (request)
            using (var response = await _http.SendAsync(request))
                return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Answer(0, "", e.GetType().Name);
        }
    }

    public void Dispose() => _http.Dispose();
}
