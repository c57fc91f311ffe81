using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Tests.Support;
using Npgsql;

namespace ChangeLedger.Tests.Api;

/// <summary>The service's only way to PostgreSQL runs through a gate the test can cut, so the shared server never stops.</summary>
public sealed class GatedLedgerApp(IMessageSink sink) : LedgerApp(sink)
{
    public TcpGate Gate { get; private set; } = null!;

    protected override string ServiceConnectionString(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        Gate = new TcpGate(csb.Host!, csb.Port);
        csb.Host = "127.0.0.1";
        csb.Port = Gate.Port;
        csb.Timeout = 3;
        csb.CommandTimeout = 5;
        return csb.ConnectionString;
    }
}

public sealed class SurvivingADatabaseOutage(GatedLedgerApp app) : IClassFixture<GatedLedgerApp>
{
    private static bool IsOutageLine(string line) => line.Contains("PostgreSQL is unavailable", StringComparison.Ordinal);

    [Fact]
    public async Task requests_answer_503_with_retry_after_the_outage_is_logged_once_and_the_service_recovers_alone()
    {
        await (await app.Post("/v1/changes", Requests.Human("outage-1"))).ShouldHaveStatus(201);
        var reader = await app.IssueKey("outage-reader", [Roles.Read]);
        var unknownKey = KeySecret.New().ToString();
        var errorsBefore = app.Logs.Count(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));

        app.Gate.Cut();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            var write = await app.Post("/v1/changes/outage-1/validations", Requests.Check($"during-{i}", "c0ffee1", ChangeLedger.Contracts.ValidationOutcome.Passed));
            await write.ShouldBeProblem(503, "database-unavailable");
            write.Headers.RetryAfter.ShouldNotBeNull();
            await (await app.Client.GetAsync("/v1/changes/outage-1")).ShouldBeProblem(503, "database-unavailable");
        }
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));

        // A key that can be judged without the database is judged; one that cannot is a 503, never a 500.
        var malformed = app.ClientWith("not-a-key");
        await (await malformed.GetAsync("/v1/changes")).ShouldBeProblem(401, "unauthenticated");
        var unknown = await app.ClientWith(unknownKey).GetAsync("/v1/changes");
        ((int)unknown.StatusCode).ShouldBeOneOf(401, 503);
        var cachedReader = await app.ClientWith(reader).GetAsync("/v1/changes/outage-1");
        ((int)cachedReader.StatusCode).ShouldBe(503);

        var ready = await app.ClientWith(null).GetAsync("/health/ready");
        ((int)ready.StatusCode).ShouldBe(503);
        (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("postgresql").GetProperty("description").GetString()!
            .ShouldContain("PostgreSQL unavailable since");

        app.Gate.Open();
        var recovered = Stopwatch.StartNew();
        HttpResponseMessage after;
        do
        {
            await Task.Delay(200);
            after = await app.Post("/v1/changes/outage-1/validations", Requests.Check("after", "c0ffee1", ChangeLedger.Contracts.ValidationOutcome.Passed) with { EventId = "after-outage" });
        } while ((int)after.StatusCode == 503 && recovered.Elapsed < TimeSpan.FromSeconds(30));
        await after.ShouldHaveStatus(201);

        (await app.EventCount("outage-1")).ShouldBe(2);
        var deadline = Stopwatch.StartNew();
        while (!app.Logs.Any(l => l.Contains("PostgreSQL is available again", StringComparison.Ordinal)) && deadline.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(100);
        app.Logs.Count(IsOutageLine).ShouldBe(1);
        app.Logs.Count(l => l.Contains("PostgreSQL is available again", StringComparison.Ordinal)).ShouldBe(1);
        app.Logs.Count(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))
            .ShouldBe(errorsBefore, string.Join("\n", app.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(3).Select(l => l.Length > 600 ? l[..600] : l)));
    }
}
