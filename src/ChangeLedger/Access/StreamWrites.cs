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
/// Every stream that is not a change's writes here, one stream a message, through the ledger's one engine
/// (<see cref="StreamEngine{TState}"/>): scope first (a stream or a write beyond the caller's repositories is unknown to
/// it), then the engine opens the stream under its lock with the write's receipt and the chain head in one round trip,
/// answers a retry from its receipt, checks the expected version, and appends what the pure decision decides as the
/// caller, stamped and folded by the kind's projection; the answer is made from that document, in the handler's
/// transaction (Wolverine's transactional middleware commits it, sealed by <see cref="LedgerSessionListener"/>).
/// </summary>
public static class StreamWrites
{
    public static async Task<WriteOutcome> Run<TState>(IStreamWrite<TState> write, IDocumentSession session, TimeProvider clock, CancellationToken ct)
        where TState : class, IAdminManaged
    {
        var key = write.StreamKey;
        if (!AdminStreams.Manages(write.Caller.Scope, write.Reaches)) return WriteOutcome.Refused(write.Unknown);

        var engine = await StreamEngine<TState>.Open(session, write.Kind.Fold, new LedgerClock(clock), [key], creating: [key], starting: [], [write.Write.EventId], ct);
        var stream = engine[key];
        var current = stream.State;
        if (current is not null && !AdminStreams.Manages(write.Caller.Scope, current.Repositories)) return WriteOutcome.Refused(write.Unknown);
        if (engine.Guard(key, write.Write, write.Kind.What, $"the {write.Kind.What}") is { } answered) return answered;

        var now = clock.GetUtcNow();
        var decision = write.Decide(current, now);
        if (decision.Problem is { } problem) return WriteOutcome.Refused(problem);
        if (decision.Events.Count == 0)
            return current is null ? WriteOutcome.Refused(write.Unknown) : new WriteOutcome(StatusCodes.Status200OK, write.Answer(current));

        write.Caller.ActFor(session);
        engine.Append(key, decision.Events, write.Write.EventId);
        var body = write.Answer(stream.State!);
        var created = current is null || write.Kind.EachVersionIsNew;
        var status = created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        engine.Receipt(key, write.Write, write.Kind.Operation, status, body, now);
        return new WriteOutcome(status, body, created ? write.Location : null, decision.Events);
    }
}
