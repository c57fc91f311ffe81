using System.Text.Json;
using JasperFx.Events;
using Marten;

namespace ChangeLedger.Ledger;

/// <summary>How a stream's document folds one more event: the projection's own function, so a write answers from the document it leaves.</summary>
public delegate TState? Fold<TState>(TState? state, string key, IEvent e) where TState : class;

/// <summary>One stream as a write sees it in its transaction: the document it folds to, its version, and what this transaction appended.</summary>
public sealed class OpenStream<TState> where TState : class
{
    internal OpenStream(string key, IEventStream<TState>? stream)
    {
        Key = key;
        Stream = stream;
        State = stream?.Aggregate;
        Version = stream?.StartingVersion ?? 0;
    }

    public string Key { get; }
    internal IEventStream<TState>? Stream { get; }

    /// <summary>The document as the events so far fold it (null while the stream has none).</summary>
    public TState? State { get; internal set; }
    public long Version { get; internal set; }

    /// <summary>The events this transaction appended, in order, as the projection folded them.</summary>
    public List<IEvent> Appended { get; } = [];

    /// <summary>A stream this transaction starts (a split's child): its events are started in one go by <see cref="StreamEngine{TState}.Commit"/>.</summary>
    internal bool StartedHere => Stream is null;
    internal List<(object Data, string? EventId)> Starting { get; } = [];
}

/// <summary>
/// The ledger's one write engine: the steps every write to every stream takes, written once, in their order. A
/// driver (the change writes' batch, <c>RecordChangesHandler</c>; one admin stream a message, <c>StreamWrites</c>)
/// says which streams a message writes and decides each write purely; the engine does the rest:
/// <list type="number">
/// <item><see cref="Open"/>: streams that may not exist yet are queued on a transaction lock (the advisory lock covers
/// a stream that has no row for <c>FOR UPDATE</c> to lock), then one round trip fetches every stream for exclusive
/// writing, the state of the streams they would start, and in one statement the chain heads and the receipts of the
/// eventIds the writes carry (<see cref="LedgerRows"/>: the heads handed to the listener so it seals without reading
/// them again);</item>
/// <item><see cref="Guard"/>: a receipt answers a retry with its first answer; an expected version that is not the
/// stream's refuses the write;</item>
/// <item><see cref="Append"/>: the decided events are appended (with the request's eventId as a header), stamped by
/// the store's clock and folded by the stream's projection, so the next write to it in this transaction decides on
/// them and the answer is made from the document without reading it back;</item>
/// <item><see cref="Receipt"/>: the answer is kept for retries, in the same transaction, written in one statement
/// with the chain heads the listener seals.</item>
/// </list>
/// Wolverine's transactional middleware commits; <see cref="LedgerSessionListener"/> seals every event into its
/// stream's hash chain and refuses any whose session does not say who records it.
/// </summary>
public sealed class StreamEngine<TState> where TState : class
{
    private readonly IDocumentSession _session;
    private readonly LedgerRows _rows;
    private readonly Fold<TState> _fold;
    private readonly DateTimeOffset _recordedAt;
    private readonly Dictionary<string, OpenStream<TState>> _streams = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IngestionReceipt> _receipts;

    private StreamEngine(IDocumentSession session, LedgerRows rows, Fold<TState> fold, DateTimeOffset recordedAt, Dictionary<string, IngestionReceipt> receipts)
    {
        _session = session;
        _rows = rows;
        _fold = fold;
        _recordedAt = recordedAt;
        _receipts = receipts;
    }

    /// <summary>
    /// Opens <paramref name="streams"/> for writing, in ordinal order so two transactions over the same streams cannot
    /// deadlock. <paramref name="creating"/> are those a write may create, locked first; <paramref name="starting"/>
    /// are streams the writes would start beside their own, locked and looked up so a write can refuse one in use.
    /// <paramref name="clock"/> is the store's: every event of the transaction is recorded at one moment, read once the
    /// streams are locked, so what is folded is what is stored and writes committed together share their recordedAt.
    /// </summary>
    public static async Task<StreamEngine<TState>> Open(IDocumentSession session, Fold<TState> fold, TimeProvider clock, IEnumerable<string> streams,
        IEnumerable<string> creating, IEnumerable<string> starting, IEnumerable<string?> eventIds, CancellationToken ct)
    {
        var keys = streams.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var probes = starting.Distinct(StringComparer.Ordinal).Except(keys, StringComparer.Ordinal).ToList();
        var ids = eventIds.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        await StreamLocks.Take(session, [.. creating, .. probes], ct);

        var batch = session.CreateBatchQuery();
        var fetches = keys.Select(key => batch.Events.FetchForExclusiveWriting<TState>(key)).ToList();
        var probed = probes.Select(key => batch.Events.FetchStreamState(key)).ToList();
        var rowsQuery = LedgerRows.Read(batch, [.. keys], ids);
        await batch.Execute(ct);

        var (heads, receipts) = await rowsQuery;
        var rows = LedgerRows.Of(session);
        foreach (var key in keys) rows.Heads[key] = null;
        foreach (var head in heads) rows.Heads[head.Id] = head;
        var engine = new StreamEngine<TState>(session, rows, fold, clock.GetUtcNow(), receipts.ToDictionary(r => r.Id, StringComparer.Ordinal));
        for (var i = 0; i < keys.Count; i++) engine._streams[keys[i]] = new OpenStream<TState>(keys[i], await fetches[i]);
        for (var i = 0; i < probes.Count; i++) if (await probed[i] is not null) engine._taken.Add(probes[i]);
        return engine;
    }

    public OpenStream<TState> this[string key] => _streams[key];

    /// <summary>Whether a stream a write would start is in use: recorded before, or started or written in this transaction.</summary>
    public bool Taken(string key) => _taken.Contains(key) || (_streams.TryGetValue(key, out var s) && (s.State is not null || s.Appended.Count > 0));

    /// <summary>The receipt of an eventId, read with the streams or written earlier in this transaction.</summary>
    public bool HasReceipt(string eventId) => _receipts.ContainsKey(eventId);

    /// <summary>
    /// What answers a write before it is decided, or null: its receipt (the first answer, or <c>event-id-reused</c>
    /// for other content), else an expected version the stream is not at. <paramref name="what"/> names the stream
    /// ("change", "policy") in the refusal.
    /// </summary>
    public WriteOutcome? Guard(string key, WriteOptions write, string what, string name)
    {
        if (write.EventId is { } eventId && _receipts.TryGetValue(eventId, out var receipt)) return Receipts.Replay(receipt, write.ContentHash, key);
        var version = _streams[key].Version;
        if (write.ExpectedVersion is { } expected && expected != version)
            return WriteOutcome.Refused(Problem.Conflict("version-mismatch", $"The {what} has moved on",
                $"Expected {name} at version {expected}, but it is at version {version}. Read it again and decide on the current state."));
        return null;
    }

    /// <summary>
    /// Appends a decision's events to a stream opened here (or starts it, for a stream <see cref="Open"/> did not fetch:
    /// a split's child), stamped and folded; the request's eventId travels with them, so a trail shows which request
    /// wrote what.
    /// </summary>
    public void Append(string key, IReadOnlyList<object> events, string? eventId)
    {
        // A stream Open did not fetch is one this transaction starts; Taken sees it by what is appended to it.
        if (!_streams.TryGetValue(key, out var target)) _streams[key] = target = new OpenStream<TState>(key, null);
        if (target.Stream is { } stream)
        {
            stream.AppendMany(events);
            foreach (var e in _session.PendingChanges.Streams().First(s => s.Key == key).Events.TakeLast(events.Count))
            {
                e.Timestamp = _recordedAt;
                if (eventId is not null) e.SetHeader(Receipts.EventIdHeader, eventId);
            }
        }
        else
        {
            target.Starting.AddRange(events.Select(e => (e, eventId)));
        }

        foreach (var data in events)
        {
            var folded = EventEnvelope.Of(data);
            folded.Version = ++target.Version;
            folded.Timestamp = _recordedAt;
            folded.StreamKey = key;
            target.State = _fold(target.State, key, folded);
            target.Appended.Add(folded);
        }
    }

    /// <summary>Keeps a write's answer for its retries, in this transaction.</summary>
    public void Receipt(string key, WriteOptions write, string operation, int status, object body, DateTimeOffset now)
    {
        if (write.EventId is not { } eventId) return;
        var receipt = new IngestionReceipt(eventId, key, operation, write.ContentHash, status,
            JsonSerializer.Serialize(body, body.GetType(), Receipts.Json), _streams[key].Version, now);
        _rows.Keep(_session, receipt);
        _receipts[eventId] = receipt;
    }

    /// <summary>Starts the streams this transaction began, each once, with everything written to it here.</summary>
    public void Commit()
    {
        foreach (var started in _streams.Values.Where(s => s.StartedHere && s.Starting.Count > 0))
        {
            var action = _session.Events.StartStream<TState>(started.Key, [.. started.Starting.Select(s => s.Data)]);
            for (var i = 0; i < action.Events.Count; i++)
            {
                action.Events[i].Timestamp = _recordedAt;
                if (started.Starting[i].EventId is { } eventId) action.Events[i].SetHeader(Receipts.EventIdHeader, eventId);
            }
        }
    }

    public IEnumerable<OpenStream<TState>> Streams => _streams.Values;
}
