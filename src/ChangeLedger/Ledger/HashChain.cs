using ChangeLedger.Contracts.Integrity;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace ChangeLedger.Ledger;

/// <summary>The last link of a stream's chain, kept next to the events so an append needs no scan to find it.</summary>
public sealed record ChainHead(string Id, long Version, string Hash);

/// <summary>
/// Chains every event a session is about to append to its stream's previous event, inside the same transaction: the
/// hash goes into the event's headers (hash, prevHash, and the actor and occurredAt strings it covers), and the
/// stream's new <see cref="ChainHead"/> is answered, for the listener to store (<see cref="LedgerRows"/>). Called only by <see cref="LedgerSessionListener"/>, so no write can
/// skip it.
/// </summary>
public static class HashChain
{
    public const string HashHeader = "hash";
    public const string PreviousHeader = "prevHash";
    public const string ActorHeader = "actor";
    public const string OccurredAtHeader = "occurredAt";

    /// <summary>The streams whose heads sealing needs: those the session appends to rather than starts.</summary>
    public static IReadOnlyList<string> Continued(IDocumentSession session) =>
        [.. session.PendingChanges.Streams().Where(s => s.ActionType != StreamActionType.Start).Select(Key).Distinct(StringComparer.Ordinal)];

    /// <summary>Seals every pending event into its stream's chain; answers each stream's new head, for the caller to store.</summary>
    public static IReadOnlyList<ChainHead> Seal(IDocumentSession session, IReadOnlyDictionary<string, ChainHead> heads)
    {
        var serializer = session.DocumentStore.Options.Serializer();
        List<ChainHead> sealedHeads = [];
        foreach (var action in session.PendingChanges.Streams())
        {
            var streamId = Key(action);
            var head = action.ActionType == StreamActionType.Start ? null : heads.GetValueOrDefault(streamId);
            var version = head?.Version ?? 0;
            if (action.ExpectedVersionOnServer is { } expected && expected != version)
            {
                // A head ahead of what the writer fetched is a writer that committed in between: retry on fresh state.
                if (version > expected) throw new ConcurrencyException($"Stream '{streamId}' moved from version {expected} to {version} while this write decided.", null!);
                throw new InvalidOperationException(
                    $"Stream '{streamId}' is at version {expected} but its chain head is at {version}: events were appended outside the hash chain.");
            }
            var previous = head?.Hash;
            foreach (var e in action.Events)
            {
                version++;
                var (actor, occurredAt) = Fields(e.Data);
                var input = new ChainInput(previous, streamId, version, e.EventTypeName, EventHash.Time(occurredAt), actor,
                    e.GetHeader(LedgerSessionListener.PrincipalHeader)?.ToString());
                var hash = EventHash.Compute(input, serializer.ToJson(e.Data));
                if (previous is not null) e.SetHeader(PreviousHeader, previous);
                e.SetHeader(HashHeader, hash);
                e.SetHeader(ActorHeader, input.Actor);
                e.SetHeader(OccurredAtHeader, input.OccurredAt);
                previous = hash;
            }
            if (previous is not null) sealedHeads.Add(new ChainHead(streamId, version, previous));
        }
        return sealedHeads;
    }

    /// <summary>Who did it and when; an event type that cannot say fails rather than go unchained.</summary>
    public static (string Actor, DateTimeOffset OccurredAt) Fields(object data) => data switch
    {
        ILedgerEvent e => (e.Actor, e.OccurredAt),
        _ => throw new InvalidOperationException($"{data.GetType().Name} is not an {nameof(ILedgerEvent)}: it has no actor and time for the hash chain."),
    };

    private static string Key(StreamAction action) =>
        action.Key ?? throw new InvalidOperationException("The ledger's streams are keyed by string.");
}
