using System.Net.Http.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// A freeze window's start and end are durable scheduled messages kept in PostgreSQL: a service process killed after
/// the window was set, before it starts, still records the start and the end once each when it serves again.
/// </summary>
public sealed class KeepingAFreezeScheduleAcrossARestart
{
    private const string Trail = "/v1/environments/prod/freeze-windows/restart-close/trail";

    // The scheduled messages are looked for every second (30 s by default), so the test waits for the window, not the poller.
    private static readonly Dictionary<string, string> Settings = new() { ["Wolverine__ScheduledJobPollingTime"] = "00:00:01" };

    [Fact]
    public async Task a_window_set_before_a_restart_records_its_start_and_its_end_once_each()
    {
        await using var database = await ServiceDatabase.WithSchema();
        var first = await database.Serve(Settings);
        var start = DateTimeOffset.UtcNow.AddSeconds(20);
        var end = start.AddSeconds(5);
        var set = await (await first.PutAsJsonAsync("/v1/environments/prod/freeze-windows/restart-close",
            new FreezeWindowRequest("UTC", start, end, null, null, "restart drill"), LedgerApp.Json)).Read<FreezeWindowInfo>(201);
        set.InForce.ShouldBeNull();
        await database.StopAll();
        first.Dispose();
        // Killed before the start: what the ledger holds of the window is its setting alone.
        (await database.Rows("select type from ledger.mt_events where stream_id = '~freeze:prod:restart-close' order by version"))
            .ShouldBe(["freeze_window_set"], "the window had started before the service was killed");

        using var restarted = await database.Serve(Settings);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(await Types(restarted)).Contains("freeze_window_ended"))
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(2), $"the window's end was not recorded after the restart: {string.Join(", ", await Types(restarted))}");
            await Task.Delay(500);
        }
        // A few polls more: a message delivered twice would record a second edge by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await Types(restarted)).ShouldBe(["freeze_window_set", "freeze_window_started", "freeze_window_ended"]);
    }

    private static async Task<List<string>> Types(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<AuditTrail>(Trail, LedgerApp.Json))!.Events.Select(e => e.Type)];
}
