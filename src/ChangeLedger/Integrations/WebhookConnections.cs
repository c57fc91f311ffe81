using System.Net;
using System.Net.Sockets;

namespace ChangeLedger.Integrations;

/// <summary>How a webhook's host name becomes addresses: DNS in the service, a fixed answer in tests (DNS rebinding).</summary>
public interface IAddressResolver
{
    Task<IPAddress[]> Resolve(string host, CancellationToken ct);
}

public sealed class DnsAddresses : IAddressResolver
{
    public Task<IPAddress[]> Resolve(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>
/// The destination is not one the ledger may send to. The message names no address or port: a dead letter or a log line
/// that said "Connection refused (10.0.3.7:5432)" would let an admin map the inside network through failed deliveries.
/// </summary>
public sealed class WebhookDestinationRefused() : Exception("its address is not one the ledger may send to (see Webhooks:AllowedNetworks)");

/// <summary>
/// The webhook client's connections: no redirects followed (a 303 would turn the POST into a GET of wherever the
/// subscriber points, the cloud-metadata shape), and every connection made to an address checked as it is made, after
/// resolving, so what was checked is what is connected to.
/// </summary>
public static class WebhookConnections
{
    public static SocketsHttpHandler Handler(WebhookDestinations destinations, IAddressResolver resolver) => new()
    {
        AllowAutoRedirect = false,
        // Pooled connections are reused only within a minute: a name's new address is checked on its next connection.
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = (context, ct) => Connect(context, destinations, resolver, ct),
    };

    public static async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, WebhookDestinations destinations, IAddressResolver resolver, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var url = context.InitialRequestMessage.RequestUri!;
        // Through a proxy the connection is to the proxy, which the operator configured; the destination was checked
        // before the request (Permit), on the addresses its name had then.
        var toProxy = WebhookDestinations.ThroughProxy(url) && !string.Equals(host, url.IdnHost.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);
        var addresses = await Addresses(host, resolver, ct);
        var permitted = toProxy ? addresses : [.. addresses.Where(a => destinations.Refusal(a) is null)];
        if (permitted.Length == 0) throw new WebhookDestinationRefused();
        SocketException? last = null;
        foreach (var address in permitted)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }
        throw last!;
    }

    /// <summary>Before a request that goes through a proxy: its destination's addresses, as they resolve now.</summary>
    public static async Task Permit(Uri url, WebhookDestinations destinations, IAddressResolver resolver, CancellationToken ct)
    {
        if (!WebhookDestinations.ThroughProxy(url)) return;
        if ((await Addresses(url.IdnHost.Trim('[', ']'), resolver, ct)).Any(a => destinations.Refusal(a) is not null)) throw new WebhookDestinationRefused();
    }

    private static async Task<IPAddress[]> Addresses(string host, IAddressResolver resolver, CancellationToken ct) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.Resolve(host, ct);
}
