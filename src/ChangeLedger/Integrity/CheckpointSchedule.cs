using ChangeLedger.Contracts.Integrity;
using Marten;

namespace ChangeLedger.Integrity;

/// <summary>
/// Takes a checkpoint every Integrity:CheckpointInterval (default one hour; 00:00:00 switches it off). Time comes from
/// the injected TimeProvider so tests can drive it. A failed checkpoint is logged and the next tick tries again:
/// one missed checkpoint weakens nothing already covered, and stopping the schedule would.
/// </summary>
public sealed class CheckpointSchedule(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<CheckpointSchedule> log) : BackgroundService
{
    public static TimeSpan Interval(IConfiguration configuration) =>
        configuration["Integrity:CheckpointInterval"] is { Length: > 0 } text ? TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval(configuration);
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var checkpoint = await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>()
                    .InvokeAsync<Checkpoint>(new TakeCheckpointCommand("schedule", "system:schedule"), stoppingToken);
                log.LogInformation("Checkpoint at sequence {Sequence} over {Streams} streams: {Root}", checkpoint.Sequence, checkpoint.Streams, checkpoint.MerkleRoot);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Taking the scheduled checkpoint failed; the next one is due in {Interval}", interval);
            }
        }
    }
}
