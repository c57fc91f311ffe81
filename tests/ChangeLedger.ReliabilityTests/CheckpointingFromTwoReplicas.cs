using System.Diagnostics;
using ChangeLedger.ReliabilityTests.Support;
using Npgsql;

namespace ChangeLedger.ReliabilityTests;

/// <summary>
/// Two service processes on one database, each scheduling checkpoints every 5 s when it starts: the schedule is one
/// Wolverine scheduled message chain in PostgreSQL, not a timer per process, so each interval gets one scheduled
/// checkpoint, not two.
/// </summary>
public sealed class CheckpointingFromTwoReplicas(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 300_000)]
    public async Task two_replicas_take_one_scheduled_checkpoint_per_interval_not_two()
    {
        await using var cluster = await Cluster.Shared();
        var database = await cluster.NewDatabase();
        await using var first = new ServiceProcess(Service.Launch, database) { Settings = Settings() };
        await using var second = new ServiceProcess(Service.Launch, database) { Settings = Settings() };
        // One after the other: the first creates the schema, the second finds it.
        await first.Start();
        await second.Start();

        // Both replicas' schedulers poll every second (the default is 30 s), so both are ready to take each slot as it comes:
        // what matters is that no interval gets two. Three checkpoints take about 15 s; the bound only ends a stuck run.
        var clock = Stopwatch.StartNew();
        var taken = await ScheduledCheckpoints(database);
        while (taken.Count < 3 && clock.Elapsed < TimeSpan.FromSeconds(200))
        {
            await Task.Delay(1000);
            taken = await ScheduledCheckpoints(database);
        }
        var windows = taken.Select(t => (t - DateTimeOffset.UnixEpoch).Ticks / Interval.Ticks).ToList();
        Figures.Record(output, "checkpoints-from-two-replicas", new
        {
            replicas = 2, intervalSeconds = Interval.TotalSeconds, scheduledCheckpoints = taken.Count, intervalsWithACheckpoint = windows.Distinct().Count(),
            secondsBetween = taken.Zip(taken.Skip(1), (a, b) => Math.Round((b - a).TotalSeconds, 1)).ToList(),
        });

        taken.Count.ShouldBeGreaterThanOrEqualTo(3, string.Join("\n", first.Output.Concat(second.Output).TakeLast(30)));
        windows.Distinct().Count().ShouldBe(taken.Count, $"two scheduled checkpoints fell in one {Interval.TotalSeconds} s interval: {string.Join(", ", taken.Select(t => t.ToString("O")))}");
    }

    /// <summary>A checkpoint every interval; Wolverine's scheduler looks for due messages every second instead of every 30.</summary>
    private static Dictionary<string, string> Settings() => new()
    {
        ["Integrity__CheckpointInterval"] = "00:00:05",
        ["Wolverine__ScheduledJobPollingTime"] = "00:00:01",
    };

    private static async Task<List<DateTimeOffset>> ScheduledCheckpoints(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select (data ->> 'occurredAt')::timestamptz from ledger.mt_events where type = 'log_checkpoint_recorded' and data ->> 'recordedBy' = 'schedule' order by seq_id",
            connection);
        var taken = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) taken.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return taken;
    }
}
