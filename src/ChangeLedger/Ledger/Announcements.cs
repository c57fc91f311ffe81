namespace ChangeLedger.Ledger;

/// <summary>
/// Events committed together that leave the ledger (to webhook subscribers): each named by its stream and version. The
/// write path returns this message from its handler, so Wolverine stores it in its durable outbox in the same
/// transaction as the events: it exists only if they committed, and survives a crash after the commit.
/// </summary>
public sealed record EventsCommitted(IReadOnlyList<CommittedEvent> Events);

public sealed record CommittedEvent(string StreamId, long Version);

/// <summary>The event types the write path announces; empty unless a capability that sends them out is registered.</summary>
public sealed record AnnouncedEvents(IReadOnlySet<Type> Types)
{
    public static readonly AnnouncedEvents None = new(new HashSet<Type>());
}
