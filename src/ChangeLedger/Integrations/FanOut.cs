using ChangeLedger.Contracts;
using ChangeLedger.Integrity;
using JasperFx.Events;
using Marten;
using Wolverine;

namespace ChangeLedger.Integrations;

/// <summary>One CloudEvent for one subscriber: its body fixed here, so every retry and replay sends the same bytes.</summary>
public sealed record WebhookDelivery(string SubscriptionId, string EventId, string EventType, string ChangeId, string Body);

/// <summary>
/// Turns events the write path committed into one delivery per subscriber that wants each (its repositories, its
/// types), after the commit and on Wolverine's own threads. Each delivery is its own durable message, so a subscriber
/// that fails is retried, and dead-lettered, alone.
/// </summary>
public static class EventsCommittedHandler
{
    public static async Task<OutgoingMessages> Handle(EventsCommitted message, IQuerySession session, SigningKey key, CancellationToken ct)
    {
        var deliveries = new OutgoingMessages();
        var subscriptions = await session.Query<WebhookSubscription>().Where(s => !s.Removed).ToListAsync(ct);
        if (subscriptions.Count == 0) return deliveries;

        var events = new List<IEvent>();
        foreach (var stream in message.Events.GroupBy(e => e.StreamId, StringComparer.Ordinal))
        {
            var versions = stream.Select(e => e.Version).ToHashSet();
            var loaded = await session.Events.FetchStreamAsync(stream.Key, version: versions.Max(), fromVersion: versions.Min(), token: ct);
            events.AddRange(loaded.Where(e => versions.Contains(e.Version)));
        }
        var changes = (await session.LoadManyAsync<Changes.Change>(ct, message.Events.Select(e => e.StreamId).Distinct(StringComparer.Ordinal)))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var e in OutboundEvents.For(events, id => changes.GetValueOrDefault(id)?.Repository, key.Origin))
        foreach (var subscription in subscriptions.Where(s => s.Wants(e.Repository, e.Type)))
            deliveries.Add(new WebhookDelivery(subscription.SubscriptionId, e.Id, e.Type, e.ChangeId, e.Json));
        return deliveries;
    }
}
