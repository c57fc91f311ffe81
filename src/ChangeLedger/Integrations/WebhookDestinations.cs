using System.Net;
using System.Net.Sockets;

namespace ChangeLedger.Integrations;

/// <summary>
/// Where the ledger may send a webhook: a public address, unless the operator lists the network in
/// Webhooks:AllowedNetworks. An admin scoped to one repository must not make the service reach what only it can reach
/// (its own loopback, the cloud's metadata address, the private network). Registration checks what the URL names
/// literally (an address, <c>localhost</c>, an internal name); a name is checked on the address it resolves to, at the
/// moment of connecting (<see cref="WebhookConnections"/>), so DNS rebinding between a check and the connection cannot
/// pass. Plain http only in Development or when Webhooks:AllowPlainHttp says so. Pure: no DNS here.
/// </summary>
public sealed class WebhookDestinations(IReadOnlyList<IPNetwork> allowed, bool plainHttpAllowed, IReadOnlyList<string> ownNames)
{
    /// <summary>The ranges no webhook goes to unless allowed, each named for the refusal.</summary>
    public static readonly IReadOnlyList<(string Rule, IPNetwork Network)> Refused =
    [
        ("unspecified", IPNetwork.Parse("0.0.0.0/8")),
        ("private", IPNetwork.Parse("10.0.0.0/8")),
        ("shared address space (CGNAT)", IPNetwork.Parse("100.64.0.0/10")),
        ("loopback", IPNetwork.Parse("127.0.0.0/8")),
        ("link-local", IPNetwork.Parse("169.254.0.0/16")),
        ("private", IPNetwork.Parse("172.16.0.0/12")),
        ("reserved", IPNetwork.Parse("192.0.0.0/24")),
        ("private", IPNetwork.Parse("192.168.0.0/16")),
        ("reserved", IPNetwork.Parse("198.18.0.0/15")),
        ("multicast", IPNetwork.Parse("224.0.0.0/4")),
        ("reserved", IPNetwork.Parse("240.0.0.0/4")),
        ("unspecified", IPNetwork.Parse("::/128")),
        ("loopback", IPNetwork.Parse("::1/128")),
        // ::a.b.c.d (IPv4-compatible, deprecated) reaches the IPv4 address on some stacks.
        ("reserved", IPNetwork.Parse("::/96")),
        ("unique local", IPNetwork.Parse("fc00::/7")),
        ("link-local", IPNetwork.Parse("fe80::/10")),
        ("site-local", IPNetwork.Parse("fec0::/10")),
        ("multicast", IPNetwork.Parse("ff00::/8")),
    ];

    public static WebhookDestinations From(WebhookSettings settings, bool development) =>
        new([.. settings.AllowedNetworks.Select(n => IPNetwork.Parse(n.Trim()))], development || settings.AllowPlainHttp,
            [Dns.GetHostName(), Environment.MachineName]);

    /// <summary>Why the ledger may not connect to <paramref name="address"/> (the range's name), or null when it may.</summary>
    public string? Refusal(IPAddress address)
    {
        // ::ffff:127.0.0.1 is 127.0.0.1: judged, and allowed, as the IPv4 address it carries.
        var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (allowed.Any(n => n.Contains(ip))) return null;
        return Refused.FirstOrDefault(r => r.Network.BaseAddress.AddressFamily == ip.AddressFamily && r.Network.Contains(ip)).Rule
            ?? (ip.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 ? null : "not an IP address");
    }

    /// <summary>What registration can tell from the URL alone, as the 400's message; null when it may be registered.</summary>
    public string? Refusal(Uri url)
    {
        if (url.Scheme == Uri.UriSchemeHttp && !plainHttpAllowed)
            return "'url' must be https: plain http is refused outside Development unless Webhooks:AllowPlainHttp is true.";
        var host = url.DnsSafeHost.TrimEnd('.');
        // IPAddress reads every spelling an address may take in a URL: 2130706433, 0x7f.1, [::ffff:127.0.0.1].
        if (IPAddress.TryParse(host, out var literal))
            return Refusal(literal) is { } rule ? Named(rule, literal.ToString()) : null;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return Refusal(IPAddress.Loopback) is { } rule ? Named(rule, host) : null;
        // Names that only mean something inside: the operator who allows internal networks allows them, checked again on their address.
        if (allowed.Count == 0 && Internal(host))
            return $"'url' names an internal host ('{host}'); the ledger sends only to public addresses unless Webhooks:AllowedNetworks lists the network.";
        return null;
    }

    private bool Internal(string host) =>
        !host.Contains('.') || ownNames.Any(n => host.Equals(n, StringComparison.OrdinalIgnoreCase) || host.StartsWith(n + ".", StringComparison.OrdinalIgnoreCase))
        || new[] { ".internal", ".local", ".localdomain", ".home.arpa", ".in-addr.arpa", ".ip6.arpa" }.Any(s => host.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    private static string Named(string rule, string what) =>
        $"'url' names a {rule} address ({what}); the ledger sends only to public addresses unless Webhooks:AllowedNetworks lists the network.";

    /// <summary>Whether the request goes through a proxy, which resolves the name itself: then the name is checked before the request.</summary>
    public static bool ThroughProxy(Uri url) => HttpClient.DefaultProxy.GetProxy(url) is { } proxy && proxy != url && !HttpClient.DefaultProxy.IsBypassed(url);
}
