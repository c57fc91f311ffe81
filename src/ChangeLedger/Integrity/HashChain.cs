using ChangeLedger.Changes;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Policies;
using JasperFx.Events;
using Marten;

namespace ChangeLedger.Integrity;

/// <summary>The last link of a stream's chain, kept next to the events so an append needs no scan to find it.</summary>
public sealed record ChainHead(string Id, long Version, string Hash);

/// <summary>
/// Chains every event a session is about to append to its stream's previous event, inside the same transaction: the
/// hash goes into the event's headers (hash, prevHash, and the actor and occurredAt strings it covers), and the
/// stream's <see cref="ChainHead"/> is upserted. Optimistic concurrency on the stream makes a racing writer retry on
/// the new head, so two appends can never chain onto the same link.
/// </summary>
public static class HashChain
{
    public const string HashHeader = "hash";
    public const string PreviousHeader = "prevHash";
    public const string ActorHeader = "actor";
    public const string OccurredAtHeader = "occurredAt";

    public static void Seal(IDocumentSession session, ChainHead? knownHead)
    {
        var serializer = session.DocumentStore.Options.Serializer();
        foreach (var action in session.PendingChanges.Streams())
        {
            var streamId = action.Key ?? throw new InvalidOperationException("The ledger's streams are keyed by string.");
            var head = action.ActionType == StreamActionType.Start ? null : knownHead?.Id == streamId ? knownHead : null;
            var version = head?.Version ?? 0;
            if (action.ExpectedVersionOnServer is { } expected && expected != version)
                throw new InvalidOperationException(
                    $"Stream '{streamId}' is at version {expected} but its chain head is at {version}: events were appended outside the hash chain.");
            var previous = head?.Hash;
            foreach (var e in action.Events)
            {
                version++;
                var (actor, occurredAt) = Fields(e.Data);
                var input = new ChainInput(previous, streamId, version, e.EventTypeName, EventHash.Time(occurredAt), actor);
                var hash = EventHash.Compute(input, serializer.ToJson(e.Data));
                if (previous is not null) e.SetHeader(PreviousHeader, previous);
                e.SetHeader(HashHeader, hash);
                e.SetHeader(ActorHeader, input.Actor);
                e.SetHeader(OccurredAtHeader, input.OccurredAt);
                previous = hash;
            }
            if (previous is not null) session.Store(new ChainHead(streamId, version, previous));
        }
    }

    /// <summary>Who did it and when, for every event type the ledger records; an unknown type fails rather than go unchained.</summary>
    public static (string Actor, DateTimeOffset OccurredAt) Fields(object data) => data switch
    {
        IChangeEvent e => (e.Actor, e.OccurredAt),
        ReleasePolicySet p => (p.SetBy, p.OccurredAt),
        CheckpointRecorded c => (c.RecordedBy, c.OccurredAt),
        _ => throw new InvalidOperationException($"{data.GetType().Name} has no actor and time for the hash chain; add it to HashChain.Fields."),
    };
}
