using Marten;

namespace ChangeLedger.Integrations;

/// <summary>
/// Which repositories some webhook subscriber listens to, cached on each node, so a write leaves an announcement in the
/// outbox only when a subscription could want it: a ledger without subscribers writes no outbox row at all. Every
/// session that changes a subscription (<see cref="Announcer"/>, whatever handler wrote it) sends a NOTIFY in its
/// transaction and forgets the cache on its own node once it commits; the other nodes forget it when the notification
/// arrives, milliseconds later. A node that is not listening reads the subscriptions on every write instead.
/// </summary>
public sealed class WebhookListeners : IAnnouncementListeners
{
    public const string Channel = "changeledger_webhook_changed";

    private readonly LedgerNotifications _notifications;
    private volatile IReadOnlyList<WebhookSubscription>? _active;
    private long _generation;

    public WebhookListeners(LedgerNotifications notifications)
    {
        _notifications = notifications;
        notifications.On(Channel, _ => Forget());
    }

    /// <summary>Whether a subscription covers <paramref name="repository"/>; on a cache miss, read through the caller's session.</summary>
    public async ValueTask<bool> AnyFor(IQuerySession session, string repository, CancellationToken ct)
    {
        var active = _notifications.Listening ? _active : null;
        if (active is null)
        {
            var generation = Interlocked.Read(ref _generation);
            active = await session.Query<WebhookSubscription>().Where(s => !s.Removed).ToListAsync(ct);
            // A change that committed while this read ran may be missing from it: then keep nothing.
            if (_notifications.Listening && Interlocked.Read(ref _generation) == generation) _active = active;
        }
        return active.Any(s => s.Covers(repository));
    }

    private void Forget()
    {
        Interlocked.Increment(ref _generation);
        _active = null;
    }

    /// <summary>The one place a subscription change is announced: any session that appends to a subscription's stream.</summary>
    public sealed class Announcer(WebhookListeners listeners) : DocumentSessionListenerBase
    {
        private static bool Changes(IDocumentSession session) =>
            session.PendingChanges.Streams().Any(s => s.Key?.StartsWith(WebhookSubscription.StreamKeyPrefix, StringComparison.Ordinal) == true);

        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (Changes(session)) LedgerNotifications.Announce(session, Channel, "changed");
            return Task.CompletedTask;
        }

        public override Task AfterCommitAsync(IDocumentSession session, Marten.Services.IChangeSet commit, CancellationToken token)
        {
            if (commit.GetEvents().Any(e => e.StreamKey?.StartsWith(WebhookSubscription.StreamKeyPrefix, StringComparison.Ordinal) == true)) listeners.Forget();
            return Task.CompletedTask;
        }
    }

    /// <summary>Adds the announcer to the store once the node's cache exists (Marten builds the store from the container).</summary>
    public sealed class Registration(WebhookListeners listeners) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(new Announcer(listeners));
    }
}
