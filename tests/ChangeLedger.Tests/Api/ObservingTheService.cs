using System.Net;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

public sealed class ObservingTheService(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task metrics_count_writes_and_events_in_prometheus_text_for_a_keyed_scraper()
    {
        await (await app.Post("/v1/changes", Requests.Human("metrics-1"))).ShouldHaveStatus(201);

        var response = await app.Client.GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("changeledger_writes_total{operation=\"propose\",status=\"201\"}");
        text.ShouldContain("changeledger_events_appended_total{type=\"ChangeProposed\"}");
        text.ShouldContain("http_request_duration_seconds");
        (await app.ClientWith(null).GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
