using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Integrations;

/// <summary>
/// An admin, even one scoped to a single repository, cannot point a webhook at what only the service can reach: with no
/// Webhooks:AllowedNetworks, every loopback, private, link-local, CGNAT, unique-local, unspecified or multicast address
/// (in any spelling a URL allows) and every internal name is refused at registration, naming the rule, and nothing is
/// stored. Nothing is ever sent: the refusal comes before any delivery could be.
/// </summary>
public sealed class RefusingWebhookDestinations(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Theory]
    [InlineData("http://127.0.0.1:42729/hook", "loopback")]
    [InlineData("http://localhost/hook", "loopback")]
    [InlineData("http://[::1]/hook", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/hook", "loopback")]
    [InlineData("http://2130706433/hook", "loopback")]
    [InlineData("http://0x7f.1/hook", "loopback")]
    [InlineData("http://0.0.0.0/hook", "unspecified")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://10.1.2.3/hook", "private")]
    [InlineData("http://172.16.0.1/hook", "private")]
    [InlineData("http://172.31.255.255/hook", "private")]
    [InlineData("http://192.168.1.1/hook", "private")]
    [InlineData("http://100.64.0.1/hook", "shared address space (CGNAT)")]
    [InlineData("http://[fd00::1]/hook", "unique local")]
    [InlineData("http://[fe80::1]/hook", "link-local")]
    [InlineData("http://224.0.0.1/hook", "multicast")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "internal host")]
    [InlineData("http://intranet/hook", "internal host")]
    public async Task a_destination_only_the_service_can_reach_is_refused_at_registration_naming_the_rule(string url, string rule)
    {
        var before = await app.Count("select count(*) from ledger.mt_events where stream_id like '~webhook:%'");
        var scoped = app.ClientWith(await app.IssueKey("one-repo-admin", ["admin"], "github.com/acme/payments"));

        var problem = await (await scoped.PutAsync("/v1/integrations/webhooks/ssrf",
            System.Net.Http.Json.JsonContent.Create(new WebhookRequest(url, ["github.com/acme/payments"], null, null, "probe"), options: LedgerApp.Json))).ShouldBeProblem(400, "validation");

        problem.GetProperty("errors").GetProperty("url")[0].GetString()!.ShouldContain(rule);
        (await app.Count("select count(*) from ledger.mt_events where stream_id like '~webhook:%'")).ShouldBe(before);
        (await app.Count("select count(*) from ledger.mt_doc_webhooksecret where id = '~webhook:ssrf'")).ShouldBe(0);
    }

    [Fact]
    public async Task the_machines_own_name_is_refused_and_a_public_name_is_accepted_until_it_resolves()
    {
        var own = await (await app.Put("/v1/integrations/webhooks/own", new WebhookRequest($"http://{System.Net.Dns.GetHostName()}.:8080/hook", ["*"], null, null, "own"))).ShouldBeProblem(400, "validation");
        own.GetProperty("errors").GetProperty("url")[0].GetString()!.ShouldContain("internal host");

        // A name is checked on the address it resolves to when a delivery connects (SendingEventsToWebhooks), not here.
        await (await app.Put("/v1/integrations/webhooks/public", new WebhookRequest("https://siem.example.com/hooks", ["github.com/none/*"], null, null, "public"))).ShouldHaveStatus(201);
    }
}
