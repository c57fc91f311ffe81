using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeLedger.Cli;

/// <summary>The service's answer: status and body as text (JSON or problem details).</summary>
public sealed record LedgerAnswer(int Status, string Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public T Read<T>() => JsonSerializer.Deserialize<T>(Body, LedgerClient.Json)!;

    /// <summary>The ledger answered a write it had already stored under this eventId (a retry or a re-run job).</summary>
    public bool Replayed
    {
        get
        {
            try
            {
                using var doc = JsonDocument.Parse(Body);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("replayed", out var r) && r.ValueKind == JsonValueKind.True;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }

    /// <summary>The problem's detail (and field errors) in one line, or the raw body when it is not a problem.</summary>
    public string Explain()
    {
        try
        {
            using var doc = JsonDocument.Parse(Body);
            var root = doc.RootElement;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : root.TryGetProperty("title", out var t) ? t.GetString() : Body;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                detail += " " + string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString())));
            return $"HTTP {Status}: {detail}";
        }
        catch (JsonException)
        {
            return $"HTTP {Status}: {Body}";
        }
    }
}

/// <summary>
/// Talks to the service. Transient failures (connection errors, timeouts, 5xx, 429) are retried with jittered exponential
/// backoff, or after the Retry-After the service asked for (seconds or an HTTP date); a write is retried with the very
/// same body, eventId included, so the ledger stores it once however often it is sent.
/// </summary>
public sealed class LedgerClient(HttpClient http, string? key, CliHost host)
{
    public static readonly JsonSerializerOptions Json = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }

    public Task<LedgerAnswer> Post<T>(string path, T body, CancellationToken ct) =>
        Send(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) }, ct);

    public Task<LedgerAnswer> Put<T>(string path, T body, CancellationToken ct) =>
        Send(() => new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: Json) }, ct);

    public Task<LedgerAnswer> Get(string path, CancellationToken ct) => Send(() => new HttpRequestMessage(HttpMethod.Get, path), ct);

    /// <summary>Streams a GET's body to the destination as it arrives; exports can be far larger than memory.</summary>
    public async Task<LedgerAnswer> Download(string path, Stream destination, CancellationToken ct)
    {
        using var response = await Attempt(() => new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode) return new((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        await response.Content.CopyToAsync(destination, ct);
        return new((int)response.StatusCode, "");
    }

    private async Task<LedgerAnswer> Send(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var response = await Attempt(request, HttpCompletionOption.ResponseContentRead, ct);
        return new((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private async Task<HttpResponseMessage> Attempt(Func<HttpRequestMessage> create, HttpCompletionOption completion, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = create();
            if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            HttpResponseMessage? response = null;
            string failure;
            try
            {
                response = await http.SendAsync(request, completion, ct);
                if (!IsTransient(response.StatusCode)) return response;
                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
            {
                failure = ex.Message;
            }

            var asked = RetryAfter(response);
            if (attempt >= host.Attempts || asked > host.MaxRetryAfter)
            {
                if (response is not null) return response;
                throw new CliException(ExitCodes.Unavailable, $"The ledger did not answer after {attempt} attempts: {failure}");
            }
            var wait = Wait(attempt, asked);
            response?.Dispose();
            await host.Error.WriteLineAsync($"changeledger: {failure}; retrying in {wait.TotalSeconds:0.##}s (attempt {attempt + 1} of {host.Attempts})");
            await host.Delay(wait, ct);
        }
    }

    /// <summary>
    /// Never sooner than the service asked; otherwise half the doubled backoff plus a random part of the other half, so
    /// that the CI jobs a restart turned away do not all come back in the same instant.
    /// </summary>
    private TimeSpan Wait(int attempt, TimeSpan? asked)
    {
        var backoff = host.RetryDelay * Math.Pow(2, attempt - 1);
        return asked is { } after ? after + host.RetryDelay * host.Jitter() : backoff / 2 + backoff / 2 * host.Jitter();
    }

    /// <summary>Retry-After as a delay, from either of its forms: delta seconds, or an HTTP date (judged by the host's clock).</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage? response) => response?.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - host.Time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    private static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;
}
