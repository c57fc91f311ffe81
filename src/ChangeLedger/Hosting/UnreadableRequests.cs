using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace ChangeLedger.Hosting;

/// <summary>
/// Kestrel refuses a request it cannot read (a NUL in the path, a control character in the request line, a header
/// it cannot parse, a request line too long) before any middleware runs, and writes a bare 400 with an empty body
/// itself. What it offers around that is the diagnostic event it raises as it refuses and connection middleware, which
/// sees the bytes it writes. So: the event marks the connection, and the connection's writer replaces the bare
/// HTTP/1.x response Kestrel then writes with a problem document. Kestrel closes such a connection, so nothing
/// follows it; any other bytes (other responses, TLS, HTTP/2 frames) pass untouched.
/// </summary>
public static class UnreadableRequests
{
    public static WebApplicationBuilder AnswerUnreadableRequestsAsProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RefusedConnections>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Use(next =>
        {
            var refused = listen.ApplicationServices.GetRequiredService<RefusedConnections>();
            return connection => refused.Serve(connection, next);
        })));
        return builder;
    }
}

/// <summary>The connections Kestrel has just refused a request on, and why, from its BadRequest diagnostic event.</summary>
public sealed class RefusedConnections : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string BadRequestEvent = "Microsoft.AspNetCore.Server.Kestrel.BadRequest";

    private readonly ConcurrentDictionary<string, Exception> _refusals = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;

    public RefusedConnections(DiagnosticListener kestrelEvents, TimeProvider clock)
    {
        _clock = clock;
        // Only this event is enabled by this subscription; every other one stays as cheap as it was.
        _subscription = kestrelEvents.Subscribe(this, name => name == BadRequestEvent);
    }

    public async Task Serve(ConnectionContext connection, ConnectionDelegate next)
    {
        var transport = connection.Transport;
        connection.Transport = new Pipe(transport.Input, new ProblemInsteadOfBareRefusal(transport.Output, () => Refusal(connection.ConnectionId), _clock));
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
            _refusals.TryRemove(connection.ConnectionId, out _);
        }
    }

    private Exception? Refusal(string connectionId) => _refusals.TryRemove(connectionId, out var refusal) ? refusal : null;

    public void OnNext(KeyValuePair<string, object?> value)
    {
        // Only a response that has not started is written by Kestrel itself; once the application answered, it owns it.
        if (value.Key != BadRequestEvent || value.Value is not IFeatureCollection request) return;
        if (request.Get<IHttpResponseFeature>()?.HasStarted != false) return;
        if (request.Get<IBadRequestExceptionFeature>()?.Error is not { } error || request.Get<IHttpConnectionFeature>()?.ConnectionId is not { } id) return;
        _refusals[id] = error;
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose() => _subscription.Dispose();

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }
}

/// <summary>
/// Passes bytes through, except after a refusal: what Kestrel writes then is held until it flushes; if it is an
/// HTTP/1.x response, a problem document goes out instead, else the held bytes go out as they were.
/// </summary>
internal sealed class ProblemInsteadOfBareRefusal(PipeWriter inner, Func<Exception?> refusal, TimeProvider clock) : PipeWriter
{
    private ArrayBufferWriter<byte>? _held;
    private Exception? _refusal;
    private bool _replaced;

    private IBufferWriter<byte> Target()
    {
        if (_replaced) return _held!;
        if (_held is null && refusal() is { } refused)
        {
            _refusal = refused;
            _held = new ArrayBufferWriter<byte>(512);
        }
        return _held ?? (IBufferWriter<byte>)inner;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Target().GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Target().GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (_held is null) inner.Advance(bytes);
        else _held.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Settle();
        return inner.FlushAsync(cancellationToken);
    }

    public override void Complete(Exception? exception = null)
    {
        Settle();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        Settle();
        return inner.CompleteAsync(exception);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    // Kestrel's JSON writers ask how much is unflushed to decide when to flush; the answer is the inner writer's.
    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _held is null ? inner.UnflushedBytes : _held.WrittenCount;

    private void Settle()
    {
        if (_replaced) _held!.Clear();
        if (_held is null || _replaced || _held.WrittenCount == 0) return;
        if (_held.WrittenSpan.StartsWith("HTTP/1."u8))
        {
            inner.Write(Response(_refusal!));
            _held.Clear();
            _replaced = true;
            return;
        }
        inner.Write(_held.WrittenSpan);
        _held = null;
    }

    private byte[] Response(Exception refusal)
    {
        var problem = LedgerExceptionHandler.Map(refusal);
        var body = JsonSerializer.SerializeToUtf8Bytes(Problems.Details(problem), Json);
        var head = $"HTTP/1.1 {problem.Status} {ReasonPhrases.GetReasonPhrase(problem.Status)}\r\n" +
                   "Content-Type: application/problem+json\r\n" +
                   $"Content-Length: {body.Length}\r\n" +
                   "Connection: close\r\n" +
                   $"Date: {clock.GetUtcNow():R}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private static readonly JsonSerializerOptions Json = LedgerJson.Create();
}
