namespace ChangeLedger.Ledger;

/// <summary>
/// Events committed together that leave the ledger (to webhook subscribers): each named by its stream and version. The
/// write path returns this message from its handler, so Wolverine stores it in its durable outbox in the same
/// transaction as the events: it exists only if they committed, and survives a crash after the commit.
/// </summary>
public sealed record EventsCommitted(IReadOnlyList<CommittedEvent> Events);

public sealed record CommittedEvent(string StreamId, long Version);

/// <summary>
/// The event types the write path announces, and whether anyone listens for a repository's: none unless a capability
/// that sends them out is registered, and then only for repositories some subscriber covers.
/// </summary>
public sealed record AnnouncedEvents(IReadOnlySet<Type> Types, IAnnouncementListeners Listeners)
{
    public static readonly AnnouncedEvents None = new(new HashSet<Type>(), new NoListeners());

    private sealed class NoListeners : IAnnouncementListeners
    {
        public ValueTask<bool> AnyFor(Marten.IQuerySession session, string repository, CancellationToken ct) => ValueTask.FromResult(false);
    }
}

/// <summary>Whether anything outside the ledger listens for a repository's announced events (read through the write's own session when not cached).</summary>
public interface IAnnouncementListeners
{
    ValueTask<bool> AnyFor(Marten.IQuerySession session, string repository, CancellationToken ct);
}
