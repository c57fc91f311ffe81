using System.Net;
using System.Net.Http.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using ChangeLedger.Tests.Support;
using Npgsql;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// ConnectionStrings:LedgerReplica names a hot standby of the test server: lists and exports read it and say how far it
/// had replayed; the gate, readiness and writes keep to the primary even while the standby's replay is paused.
/// </summary>
public sealed class ReadingFromAReplica
{
    [Fact]
    public async Task lists_and_exports_read_the_standby_and_name_its_high_water_mark_while_the_gate_and_writes_use_the_primary()
    {
        // A primary of its own: a standby copies its primary's whole cluster and replays all of its writes, and the run's
        // server holds every other class's database and takes their writes while this test waits for its own.
        await using var primary = await PostgresServer.LocalCluster.Start();
        await using var database = await ServiceDatabase.WithSchemaOn(primary);
        await using var standby = await HotStandby.Of(database.ConnectionString);
        var replica = standby.ConnectionString(database.ConnectionString);
        using var service = await database.Serve(new Dictionary<string, string> { ["ConnectionStrings__LedgerReplica"] = replica });

        foreach (var id in new[] { "replica-1", "replica-2" })
            await (await service.PostAsync("/v1/changes", JsonContent.Create(Requests.Human(id), options: LedgerApp.Json))).ShouldHaveStatus(201);
        var caughtUp = await database.Count("select max(seq_id) from ledger.mt_events");
        (await Replayed(replica, caughtUp)).ShouldBeTrue("the standby replays the primary's events");

        var list = await service.GetAsync("/v1/changes");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        list.Headers.GetValues(ReadPoint.ReadFromHeader).Single().ShouldBe("replica");
        long.Parse(list.Headers.GetValues(ReadPoint.HighWaterMarkHeader).Single()).ShouldBe(caughtUp);
        (await list.Content.ReadFromJsonAsync<ChangePage>(LedgerApp.Json))!.Items.Select(i => i.ChangeId).ShouldBe(["replica-2", "replica-1"], ignoreOrder: true);

        // The standby stops replaying: what lists show is older, and says so; the gate, writes and readiness do not notice.
        await standby.Sql("select pg_wal_replay_pause()");
        try
        {
            await (await service.PostAsync("/v1/changes", JsonContent.Create(Requests.Human("replica-3"), options: LedgerApp.Json))).ShouldHaveStatus(201);
            await (await service.PostAsync("/v1/changes/replica-3/validations",
                JsonContent.Create(Requests.Check("unit-tests", "c0ffee1", ValidationOutcome.Passed), options: LedgerApp.Json))).ShouldHaveStatus(201);
            var newest = await database.Count("select max(seq_id) from ledger.mt_events");

            var behind = await service.GetAsync("/v1/changes");
            long.Parse(behind.Headers.GetValues(ReadPoint.HighWaterMarkHeader).Single()).ShouldBe(caughtUp);
            (await behind.Content.ReadFromJsonAsync<ChangePage>(LedgerApp.Json))!.Items.Select(i => i.ChangeId).ShouldNotContain("replica-3");

            var export = await service.GetAsync("/v1/exports/ownership/manifest");
            export.StatusCode.ShouldBe(HttpStatusCode.OK);
            export.Headers.GetValues(ReadPoint.ReadFromHeader).Single().ShouldBe("replica");
            long.Parse(export.Headers.GetValues(ReadPoint.HighWaterMarkHeader).Single()).ShouldBe(caughtUp);
            var trail = await service.GetAsync("/v1/exports/trail");
            trail.Headers.GetValues(ReadPoint.HighWaterMarkHeader).Single().ShouldBe(caughtUp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            (await trail.Content.ReadAsStringAsync()).ShouldNotContain("replica-3");

            var gate = await service.GetAsync("/v1/changes/replica-3/readiness?environment=prod");
            gate.StatusCode.ShouldBe(HttpStatusCode.OK, "the gate reads the primary, where replica-3 exists");
            (await service.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

            await standby.Sql("select pg_wal_replay_resume()");
            (await Replayed(replica, newest)).ShouldBeTrue();
            var after = await service.GetAsync("/v1/changes");
            long.Parse(after.Headers.GetValues(ReadPoint.HighWaterMarkHeader).Single()).ShouldBe(newest);
            (await after.Content.ReadFromJsonAsync<ChangePage>(LedgerApp.Json))!.Items.Select(i => i.ChangeId).ShouldContain("replica-3");
        }
        finally
        {
            await standby.Sql("select pg_wal_replay_resume()");
        }
    }

    [Fact]
    public async Task without_a_replica_lists_say_they_read_the_primary_up_to_its_newest_event()
    {
        await using var database = await ServiceDatabase.WithSchema();
        using var service = await database.Serve(new Dictionary<string, string>());
        await (await service.PostAsync("/v1/changes", JsonContent.Create(Requests.Human("primary-1"), options: LedgerApp.Json))).ShouldHaveStatus(201);

        var list = await service.GetAsync("/v1/changes");

        list.Headers.GetValues(ReadPoint.ReadFromHeader).Single().ShouldBe("primary");
        long.Parse(list.Headers.GetValues(ReadPoint.HighWaterMarkHeader).Single()).ShouldBe(await database.Count("select max(seq_id) from ledger.mt_events"));
    }

    /// <summary>Waits, bounded, until the standby holds the event with this sequence number.</summary>
    private static async Task<bool> Replayed(string replica, long sequence)
    {
        for (var i = 0; i < 300; i++)
        {
            await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(replica) { Pooling = false }.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("select coalesce(max(seq_id), 0) from ledger.mt_events", connection);
                if (Convert.ToInt64(await command.ExecuteScalarAsync()) >= sequence) return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
