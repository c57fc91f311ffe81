using ChangeLedger.Contracts.Integrity;
using Marten;
using Wolverine;

namespace ChangeLedger.Integrity;

/// <summary>The scheduled checkpoint due at Slot, a multiple of Integrity:CheckpointInterval since the Unix epoch.</summary>
public sealed record TakeScheduledCheckpoint(DateTimeOffset Slot);

/// <summary>
/// Checkpoints every Integrity:CheckpointInterval (default one hour; 00:00:00 switches it off), as a Wolverine
/// scheduled message kept in the durable inbox in PostgreSQL: whichever node's scheduler claims it takes the
/// checkpoint, and its handler schedules the next slot. Every replica schedules the next slot when it starts, so
/// the schedule survives all of them stopping; for one slot the first message takes the checkpoint under the log's
/// lock and the others see it taken and end their chain, so two replicas take one checkpoint, not two.
/// </summary>
public static class CheckpointSchedule
{
    public const string RecordedBy = "schedule";

    public static DateTimeOffset NextSlot(DateTimeOffset now, TimeSpan interval) =>
        DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(((now - DateTimeOffset.UnixEpoch).Ticks / interval.Ticks + 1) * interval.Ticks);
}

/// <summary>Schedules the next slot when a host starts (no timer of its own: the message waits in the durable inbox).</summary>
public sealed class CheckpointScheduleStart(IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Options.IOptions<IntegritySettings> settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = settings.Value.CheckpointInterval;
        if (interval <= TimeSpan.Zero) return;
        await using var scope = scopes.CreateAsyncScope();
        var slot = CheckpointSchedule.NextSlot(clock.GetUtcNow(), interval);
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().ScheduleAsync(new TakeScheduledCheckpoint(slot), slot);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class TakeScheduledCheckpointHandler
{
    /// <summary>Takes the slot's checkpoint unless another message for the slot already did; then the chain goes on from here only.</summary>
    public static async Task<OutgoingMessages> Handle(TakeScheduledCheckpoint message, IDocumentSession session, SigningKey key, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<IntegritySettings> settings, ILogger<TakeScheduledCheckpoint> log, CancellationToken ct)
    {
        await LogCheckpoints.TakeLock(session, ct);
        var last = await session.Events.QueryRawEventDataOnly<LogCheckpointRecorded>()
            .Where(c => c.RecordedBy == CheckpointSchedule.RecordedBy).OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
        if (last is not null && last.OccurredAt >= message.Slot) return [];

        var now = clock.GetUtcNow();
        var recorded = await LogCheckpoints.Take(session, key, now, settings.Value.GapTimeout, CheckpointSchedule.RecordedBy, "system:schedule", ct);
        log.LogInformation("Scheduled checkpoint of the log: {TreeSize} events up to sequence {Sequence}, root {Root}", recorded.TreeSize, recorded.Sequence, recorded.RootHash);
        var interval = settings.Value.CheckpointInterval;
        var messages = new OutgoingMessages { new WitnessCheckpoint(recorded.TreeSize, recorded.Note) };
        if (interval > TimeSpan.Zero && CheckpointSchedule.NextSlot(now, interval) is var next) messages.Add(new TakeScheduledCheckpoint(next).ScheduledAt(next));
        return messages;
    }
}
