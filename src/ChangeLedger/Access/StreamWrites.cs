using System.Text.Json;
using JasperFx.Events;
using Marten;
using ChangeLedger.Hosting;
using Marten.Events.Aggregation;

namespace ChangeLedger.Access;

/// <summary>
/// A kind of write to one stream that is not a change's (a policy, code owners, a key, a trust rule, a signer, a
/// webhook subscription): the operation its receipts and answers name, and the projection that folds the stream's
/// document, so the engine answers from the document the write leaves without reading it back. A policy's every
/// version is a resource of its own (<see cref="EachVersionIsNew"/>: 201 each time); the others are created once (201)
/// and changed after (200). <paramref name="what"/> names the stream in answers ("policy", "key").
/// </summary>
public sealed class StreamKind<TState>(string operation, string what, SingleStreamProjection<TState, string> projection, bool eachVersionIsNew = false)
    where TState : class, IAdminManaged
{
    public string Operation { get; } = operation;
    public string What { get; } = what;
    public bool EachVersionIsNew { get; } = eachVersionIsNew;

    public TState? Fold(TState? state, string key, IEvent e) => projection.Evolve(state, key, e);
}

/// <summary>
/// A write to one such stream: data, and a pure <see cref="Decide"/> over the stream's document as it stands (null when
/// the stream is new). What the write reaches (<see cref="Reaches"/>, the repositories it names) and what the stream
/// reaches must both lie within the caller's scope, else the stream is <see cref="Unknown"/> to it. Locking, scope,
/// receipts, the expected version, appending as the caller, stamping and answering are the engine's
/// (<see cref="StreamWrites.Run{TState}"/>), the same for every kind.
/// </summary>
public interface IStreamWrite<TState> where TState : class, IAdminManaged
{
    StreamKind<TState> Kind { get; }
    string StreamKey { get; }
    Caller Caller { get; }

    /// <summary>The repositories the write names; none when it names none of its own (a revocation, a removal).</summary>
    IReadOnlyList<string> Reaches => [];

    /// <summary>The answer when the stream reaches beyond the caller, or a write needs it and it does not exist.</summary>
    Problem Unknown { get; }

    /// <summary>Where the stream is read, answered with a 201.</summary>
    string? Location => null;

    /// <summary>The client's idempotency key and concurrency guard, where the kind takes them (a policy); none otherwise.</summary>
    WriteOptions Write => WriteOptions.None;

    /// <summary>The events to append, none when the stream already is as asked (answered 200 as it stands), or the problem.</summary>
    Decision Decide(TState? current, DateTimeOffset now);

    /// <summary>The answer's body: the document the write left, as the API shows it.</summary>
    object Answer(TState state);
}

/// <summary>
/// The one write path of every stream that is not a change's. The stream is opened under its lock (the advisory lock
/// also covers a stream not created yet, which has no row for FetchForExclusiveWriting to lock), in one round trip
/// with the write's receipt and the stream's chain head, so writers queue instead of overwriting each other and the
/// listener seals without reading the head again. Then, in order: scope (a stream or a write beyond the caller's
/// repositories is unknown to it), the receipt (a retry answers what the first write answered), the expected version,
/// the pure decision; what it decides is appended as the caller, stamped by the ledger's clock, folded by the kind's
/// projection and answered from that document, in the handler's transaction (Wolverine's transactional middleware
/// commits it, sealed by <see cref="LedgerSessionListener"/>).
/// </summary>
public static class StreamWrites
{
    public static async Task<WriteOutcome> Run<TState>(IStreamWrite<TState> write, IDocumentSession session, TimeProvider clock, CancellationToken ct)
        where TState : class, IAdminManaged
    {
        var key = write.StreamKey;
        if (!AdminStreams.Manages(write.Caller.Scope, write.Reaches)) return WriteOutcome.Refused(write.Unknown);

        await StreamLocks.Take(session, [key], ct);
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.FetchForExclusiveWriting<TState>(key);
        var receiptQuery = write.Write.EventId is { } eventId ? batch.Load<IngestionReceipt>(eventId) : null;
        var headQuery = batch.Load<ChainHead>(key);
        await batch.Execute(ct);
        var stream = await fetch;
        KnownChainHeads.Add(session, [new KeyValuePair<string, ChainHead?>(key, await headQuery)]);
        var current = stream.Aggregate;
        var version = stream.StartingVersion ?? 0;

        if (current is not null && !AdminStreams.Manages(write.Caller.Scope, current.Repositories)) return WriteOutcome.Refused(write.Unknown);
        if (receiptQuery is not null && await receiptQuery is { } receipt) return Receipts.Replay(receipt, write.Write.ContentHash, key);
        if (write.Write.ExpectedVersion is { } expected && expected != version)
            return WriteOutcome.Refused(Problem.Conflict("version-mismatch", $"The {write.Kind.What} has moved on",
                $"Expected the {write.Kind.What} at version {expected}, but it is at version {version}. Read it again and decide on the current state."));

        var now = clock.GetUtcNow();
        var decision = write.Decide(current, now);
        if (decision.Problem is { } problem) return WriteOutcome.Refused(problem);
        if (decision.Events.Count == 0)
            return current is null ? WriteOutcome.Refused(write.Unknown) : new WriteOutcome(StatusCodes.Status200OK, write.Answer(current));

        write.Caller.ActFor(session);
        stream.AppendMany(decision.Events);
        // The answer (and its receipt) is made before SaveChanges would stamp the events, so they are stamped here, by
        // the clock the store stamps with (LedgerStorage), and folded as the inline projection will fold them.
        var recordedAt = new LedgerClock(clock).GetUtcNow();
        var state = current;
        foreach (var e in session.PendingChanges.Streams().Single(s => s.Key == key).Events)
        {
            e.Timestamp = recordedAt;
            if (write.Write.EventId is { } requestId) e.SetHeader(Receipts.EventIdHeader, requestId);
            var folded = EventEnvelope.Of(e.Data);
            folded.Version = ++version;
            folded.Timestamp = recordedAt;
            folded.StreamKey = key;
            state = write.Kind.Fold(state, key, folded);
        }

        var body = write.Answer(state!);
        var created = current is null || write.Kind.EachVersionIsNew;
        var status = created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        if (write.Write.EventId is { } id)
            session.Insert(new IngestionReceipt(id, key, write.Kind.Operation, write.Write.ContentHash, status,
                JsonSerializer.Serialize(body, body.GetType(), Receipts.Json), version, now));
        return new WriteOutcome(status, body, created ? write.Location : null, decision.Events);
    }
}
