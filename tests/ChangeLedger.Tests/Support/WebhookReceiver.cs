using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// A webhook receiver on loopback (Kestrel on 127.0.0.1, a free port), as a subscriber runs one: every POST to
/// <c>/{name}</c> is recorded with its headers and body, and answered 503 while the name is failing, else 204.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Delivery(string Name, string? Id, string? Timestamp, string? Signature, string? ContentType, string Body, int Answered);

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _failNext = new(StringComparer.Ordinal);
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _redirects = new(StringComparer.Ordinal);
    private int _gets;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public string Url(string name) => $"{BaseUrl}/{name}";

    /// <summary>The next <paramref name="count"/> deliveries to <paramref name="name"/> are refused.</summary>
    public void FailNext(string name, int count)
    {
        lock (_gate) _failNext[name] = count;
    }

    /// <summary>While down, every delivery to <paramref name="name"/> is refused.</summary>
    public void SetDown(string name, bool down)
    {
        lock (_gate)
            if (down) _down.Add(name);
            else _down.Remove(name);
    }

    /// <summary>Every delivery to <paramref name="name"/> is answered 303 See Other to <paramref name="target"/>: what a subscriber bent on
    /// making the ledger GET something else (a metadata address) would answer.</summary>
    public void RedirectTo(string name, string target)
    {
        lock (_gate) _redirects[name] = target;
    }

    /// <summary>How many GETs reached the receiver (a followed redirect would be one).</summary>
    public int Gets => Volatile.Read(ref _gets);

    /// <summary>The deliveries <paramref name="name"/> acknowledged (2xx).</summary>
    public IReadOnlyList<Delivery> Accepted(string name) => [.. Deliveries.Where(d => d.Name == name && d.Answered < 300)];

    public IReadOnlyList<Delivery> Attempts(string name) => [.. Deliveries.Where(d => d.Name == name)];

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/{name}", async (string name, HttpRequest request, HttpResponse response) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var (status, location) = receiver.Answer(name);
            receiver.Deliveries.Enqueue(new Delivery(name, request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"],
                request.ContentType, body, status));
            if (location is not null) response.Headers.Location = location;
            return Results.StatusCode(status);
        });
        receiver._app.MapGet("/{name}", (string name) =>
        {
            Interlocked.Increment(ref receiver._gets);
            return Results.NoContent();
        });
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Urls.First().TrimEnd('/');
        return receiver;
    }

    private (int Status, string? Location) Answer(string name)
    {
        lock (_gate)
        {
            if (_redirects.TryGetValue(name, out var target)) return (303, target);
            if (_down.Contains(name)) return (503, null);
            if (_failNext.TryGetValue(name, out var left) && left > 0)
            {
                _failNext[name] = left - 1;
                return (503, null);
            }
            return (204, null);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
