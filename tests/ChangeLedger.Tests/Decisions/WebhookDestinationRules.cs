using System.Net;
using ChangeLedger.Integrations;

namespace ChangeLedger.Tests.Decisions;

/// <summary>Where a webhook may go, as a pure decision: the ranges refused, the allowance, the https rule.</summary>
public sealed class WebhookDestinationRules
{
    private static readonly WebhookDestinations PublicOnly = new([], plainHttpAllowed: false, ["ledger-7"]);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("10.255.0.1", "private")]
    [InlineData("172.20.1.1", "private")]
    [InlineData("192.168.0.10", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.127.255.255", "shared address space (CGNAT)")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("fc00::1", "unique local")]
    [InlineData("fe80::abcd", "link-local")]
    [InlineData("239.1.1.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::127.0.0.1", "reserved")]
    public void an_address_that_is_not_public_is_refused_by_its_range(string address, string rule) =>
        PublicOnly.Refusal(IPAddress.Parse(address)).ShouldBe(rule);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void a_public_address_is_allowed(string address) => PublicOnly.Refusal(IPAddress.Parse(address)).ShouldBeNull();

    [Fact]
    public void an_allowed_network_lets_its_addresses_through_in_either_spelling_and_no_others()
    {
        var allowing = new WebhookDestinations([IPNetwork.Parse("127.0.0.1/32"), IPNetwork.Parse("10.20.0.0/16")], false, []);

        allowing.Refusal(IPAddress.Parse("127.0.0.1")).ShouldBeNull();
        allowing.Refusal(IPAddress.Parse("::ffff:127.0.0.1")).ShouldBeNull();
        allowing.Refusal(IPAddress.Parse("10.20.3.4")).ShouldBeNull();
        allowing.Refusal(IPAddress.Parse("127.0.0.2")).ShouldBe("loopback");
        allowing.Refusal(IPAddress.Parse("10.21.0.1")).ShouldBe("private");
    }

    [Theory]
    [InlineData("http://siem.example.com/hook", true)]
    [InlineData("https://siem.example.com/hook", false)]
    public void plain_http_is_refused_unless_allowed(string url, bool refused)
    {
        PublicOnly.Refusal(new Uri(url)).ShouldSatisfyAllConditions(r => (r is not null).ShouldBe(refused), r => (r ?? "https").ShouldContain("https"));
        new WebhookDestinations([], plainHttpAllowed: true, []).Refusal(new Uri(url)).ShouldBeNull();
    }

    [Theory]
    [InlineData("https://localhost/x")]
    [InlineData("https://api.localhost/x")]
    [InlineData("https://metadata.google.internal/x")]
    [InlineData("https://printer.local/x")]
    [InlineData("https://intranet/x")]
    [InlineData("https://ledger-7/x")]
    [InlineData("https://LEDGER-7.corp.example/x")]
    [InlineData("https://2130706433/x")]
    [InlineData("https://[::ffff:7f00:1]/x")]
    public void a_url_naming_an_inside_host_is_refused_at_registration(string url) => PublicOnly.Refusal(new Uri(url)).ShouldNotBeNull();
}
