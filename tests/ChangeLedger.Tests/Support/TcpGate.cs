using System.Net;
using System.Net.Sockets;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of PostgreSQL that a test can cut (connections reset, new ones refused: an outage)
/// or freeze (bytes stop flowing: a hung database), then open again, without touching the shared server.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private volatile bool _cut;
    private volatile bool _frozen;

    public TcpGate(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _ = Task.Run(Accept);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Sees every byte a client sends to PostgreSQL, with the number of the connection it came on (a test's wire counter).</summary>
    public Action<int, ReadOnlySpan<byte>>? Sent { get; init; }

    private int _connections;

    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            // A relay that ended on its own has already closed its client (and dropped its socket).
            foreach (var client in _open) client.Client?.Close(0);
            _open.Clear();
        }
    }

    public void Freeze() => _frozen = true;

    public void Open()
    {
        _cut = false;
        _frozen = false;
    }

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            if (_cut) { inbound.Client.Close(0); continue; }
            var outbound = new TcpClient();
            try { await outbound.ConnectAsync(_targetHost, _targetPort, _stop.Token); }
            catch (SocketException) { inbound.Close(); continue; }
            lock (_open) { _open.Add(inbound); _open.Add(outbound); }
            var connection = Interlocked.Increment(ref _connections);
            _ = Pump(inbound, outbound, connection);
            _ = Pump(outbound, inbound, null);
        }
    }

    private async Task Pump(TcpClient from, TcpClient to, int? sentOn)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stop.Token);
                if (read == 0) break;
                while (_frozen && !_cut) await Task.Delay(50, _stop.Token);
                if (_cut) break;
                if (sentOn is { } connection) Sent?.Invoke(connection, buffer.AsSpan(0, read));
                await target.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException)
        {
            // One side went away (or the gate was cut): the relay for this connection ends, as a network would.
        }
        from.Close();
        to.Close();
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        return ValueTask.CompletedTask;
    }
}
