using System.Net;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

public sealed class ObservingTheService(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task metrics_show_requests_appends_and_verdicts_in_prometheus_text_for_a_keyed_scraper()
    {
        await (await app.Post("/v1/changes", Requests.Human("metrics-1"))).ShouldHaveStatus(201);
        // A release of an unproven change is held: the verdict is recorded either way.
        await app.Post("/v1/changes/metrics-1/releases", new ReleaseChangeRequest("production", "1.0.0", "alice"));
        await (await app.Client.GetAsync("/health/ready")).ShouldHaveStatus(200);

        var response = await app.Client.GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var samples = text.Split('\n').Where(l => !l.StartsWith('#')).ToList();
        // The meter is the process's: other test classes running beside this one count their writes too, so at least this one.
        samples.ShouldContain(l => l.StartsWith("changeledger_writes_total{") && l.Contains("operation=\"propose\"") && l.Contains("status=\"201\"")
            && long.Parse(l.Substring(l.LastIndexOf(' ') + 1), System.Globalization.CultureInfo.InvariantCulture) >= 1, text);
        samples.ShouldContain(l => l.StartsWith("changeledger_events_appended_total{") && l.Contains("type=\"ChangeProposed\""), text);
        samples.ShouldContain(l => l.StartsWith("changeledger_verdicts_total{") && l.Contains("outcome=\"held\"") && l.Contains("environment=\"production\""), text);
        samples.ShouldContain(l => l.StartsWith("changeledger_events_high_water_mark{"), text);
        samples.ShouldContain(l => l.StartsWith("http_server_request_duration_seconds_count{") && l.Contains("http_route=\"/v1/changes/\"") && l.Contains("http_response_status_code=\"201\""), text);
        (await app.ClientWith(null).GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
