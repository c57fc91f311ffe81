using System.Text.Json.Serialization;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using Marten;
using Wolverine;

namespace ChangeLedger.Policies;

/// <summary>An occurrence of a freeze window began: recorded on the window's stream by its schedule, at the ledger's clock.</summary>
public sealed record FreezeWindowStarted(string Environment, string WindowId, DateTimeOffset Start, DateTimeOffset End, string By, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>An occurrence of a freeze window ended.</summary>
public sealed record FreezeWindowEnded(string Environment, string WindowId, DateTimeOffset Start, DateTimeOffset End, string By, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>
/// Record an occurrence's start (<paramref name="Ending"/> false) or end: the message scheduled for that moment, kept as
/// a Wolverine scheduled message in the durable inbox in PostgreSQL (a restart does not lose it; one node handles it),
/// and then a write through the engine of every stream that is not a change's, as the schedule.
/// </summary>
public sealed record RecordFreezeWindowEdge(string Environment, string WindowId, DateTimeOffset Start, DateTimeOffset End, bool Ending) : IStreamWrite<FreezeWindow>
{
    public const string RecordedBy = "system:freeze-calendar";

    // Explicit members: the message is stored as its data alone.
    StreamKind<FreezeWindow> IStreamWrite<FreezeWindow>.Kind => SetFreezeWindow.Writes;
    string IStreamWrite<FreezeWindow>.StreamKey => FreezeWindow.StreamKey(Environment, WindowId);
    Caller IStreamWrite<FreezeWindow>.Caller => Caller.System("freeze-calendar");
    Problem IStreamWrite<FreezeWindow>.Unknown => SetFreezeWindow.Unknown(Environment, WindowId);
    object IStreamWrite<FreezeWindow>.Answer(FreezeWindow window) => window.Info(Ending ? End : Start);

    /// <summary>
    /// Nothing for a window that is gone, an occurrence it no longer has (it was changed), or an edge already recorded
    /// (the message came twice); else the edge, at the ledger's clock.
    /// </summary>
    public Decision Decide(FreezeWindow? current, DateTimeOffset now)
    {
        if (current is null or { Removed: true } || FreezeCalendar.InForce(current, Start) is not { } span || span.Start != Start || span.End != End)
            return Decision.Of();
        if (Ending)
            return current.EndedOccurrence == Start ? Decision.Of() : Decision.Of(new FreezeWindowEnded(Environment, WindowId, Start, End, RecordedBy, now));
        return current.StartedOccurrence == Start || current.EndedOccurrence == Start
            ? Decision.Of()
            : Decision.Of(new FreezeWindowStarted(Environment, WindowId, Start, End, RecordedBy, now));
    }
}

/// <summary>When a window's occurrences begin and end, as scheduled messages.</summary>
public static class FreezeWindowSchedule
{
    /// <summary>
    /// The end of the occurrence in force when the window was read (the write that set it recorded its start), else the
    /// start and end of the next one; none when the window is removed or over.
    /// </summary>
    public static OutgoingMessages Edges(FreezeWindowInfo window)
    {
        var messages = new OutgoingMessages();
        if (window.Removed || (window.InForce ?? window.Next) is not { } o) return messages;
        var start = new RecordFreezeWindowEdge(window.Environment, window.WindowId, o.Start, o.End, false);
        if (window.InForce is null) messages.Add(start.ScheduledAt(o.Start));
        messages.Add((start with { Ending = true }).ScheduledAt(o.End));
        return messages;
    }
}

public static class FreezeWindowEdgeHandler
{
    /// <summary>Records the edge; the end of an occurrence, when this message recorded it, schedules the next one (a second message for it ends there).</summary>
    public static async Task<OutgoingMessages> Handle(RecordFreezeWindowEdge command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await StreamWrites.Run(command, session, clock, ct);
        return command.Ending && outcome.Events is { Count: > 0 } && outcome.Body is FreezeWindowInfo window
            ? FreezeWindowSchedule.Edges(window with { InForce = null })
            : [];
    }
}
