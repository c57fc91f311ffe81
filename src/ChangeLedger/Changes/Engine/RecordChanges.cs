using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using JasperFx.Events;
using Marten;
using Wolverine;

namespace ChangeLedger.Changes;

/// <summary>Writes to changes, decided and committed together: one for an endpoint, many for a batch.</summary>
public sealed record RecordChanges(IReadOnlyList<ChangeCommand> Commands, Caller Caller);

/// <summary>What each command came to, in order: its status and body (a <see cref="Problem"/> when refused).</summary>
public sealed record Recorded(IReadOnlyList<WriteOutcome> Outcomes);

/// <summary>
/// The Wolverine handler every change write goes through. It locks the changes it writes (writers to one change queue
/// in PostgreSQL instead of spinning on conflicts), reads everything its decisions need in one batch, then runs each
/// command in order: permission, scope, idempotency receipt, expected version, the pure decision. A refused command
/// appends nothing, so it never spoils the others; accepted ones commit in one transaction when the handler returns
/// (Wolverine's transactional middleware), sealed and stamped by <see cref="LedgerSessionListener"/>. A conflict
/// the lock cannot prevent (two proposals of one new id, one eventId sent twice at once) throws, and Wolverine's
/// retry policy runs the whole message again on fresh state.
/// </summary>
public static class RecordChangesHandler
{
    private sealed class Target(string id, IEventStream<Change>? stream)
    {
        public string Id { get; } = id;
        public IEventStream<Change>? Stream { get; } = stream;
        public Change? Change { get; set; } = stream?.Aggregate;
        public long Version { get; set; } = stream?.StartingVersion ?? 0;
        public List<IEvent> Pending { get; } = [];
        public bool StartedHere { get; init; }
        public List<object> Started { get; } = [];
        public List<string?> StartedEventIds { get; } = [];
    }

    /// <remarks>
    /// Events of the announced types are named in an <see cref="EventsCommitted"/> message returned beside the answer:
    /// Wolverine keeps it in its durable outbox in this transaction, so subscribers hear of committed events only, and
    /// of every one, after the commit and off the request's path.
    /// </remarks>
    public static async Task<(Recorded, OutgoingMessages)> Handle(RecordChanges message, IDocumentSession session, TimeProvider clock, AnnouncedEvents announced, IRepositoryReads repositories,
        CancellationToken ct)
    {
        message.Caller.ActFor(session);
        var commands = message.Commands;

        // Locks are taken in one order (ordinal ids), so two batches touching the same changes cannot deadlock.
        var ids = commands.Select(c => c.ChangeId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var children = commands.SelectMany(c => c.Starts ?? []).Distinct(StringComparer.Ordinal).Except(ids).ToList();
        var eventIds = commands.Select(c => c.Write.EventId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

        // Changes these commands may create have no row to lock yet: queue their creators on the ids instead.
        await StreamLocks.Take(session, [.. commands.Where(c => c.Creates is not null).Select(c => c.ChangeId), .. children], ct);

        var batch = session.CreateBatchQuery();
        var fetches = ids.Select(id => (id, batch.Events.FetchForExclusiveWriting<Change>(id))).ToList();
        var childStates = children.Select(id => (id, batch.Events.FetchStreamState(id))).ToList();
        var receiptQuery = eventIds.Length > 0 ? batch.LoadMany<IngestionReceipt>().ById(eventIds) : null;
        // Read after the locks in the same batch, so the listener can seal without reading them again.
        var headsQuery = batch.LoadMany<ChainHead>().ById([.. ids]);
        await batch.Execute(ct);
        var knownHeads = (await headsQuery).ToDictionary(h => h.Id, StringComparer.Ordinal);
        KnownChainHeads.Add(session, ids.Select(id => new KeyValuePair<string, ChainHead?>(id, knownHeads.GetValueOrDefault(id))));

        var targets = new Dictionary<string, Target>(StringComparer.Ordinal);
        foreach (var (id, fetch) in fetches) targets[id] = new Target(id, await fetch);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, state) in childStates) if (await state is not null) taken.Add(id);
        var receipts = receiptQuery is null ? [] : (await receiptQuery).ToDictionary(r => r.Id, StringComparer.Ordinal);

        var now = clock.GetUtcNow();
        var outcomes = new List<WriteOutcome>(commands.Count);
        var reading = new Reading(session, repositories);
        foreach (var command in commands)
            outcomes.Add(await Answer(command, message.Caller, session, targets, taken, receipts, reading, now, ct));
        // A change started by this transaction (a split's child) starts once, with everything written to it here.
        foreach (var started in targets.Values.Where(t => t.StartedHere && t.Started.Count > 0))
            StampAndStart(session, started);
        // Announced only where a subscriber could want them: without one, no outbox row at all.
        var committed = new List<CommittedEvent>();
        foreach (var target in targets.Values)
        {
            var announcing = target.Pending.Where(e => announced.Types.Contains(e.EventType)).Select(e => new CommittedEvent(e.StreamKey!, e.Version)).ToList();
            if (announcing.Count > 0 && await announced.Listeners.AnyFor(session, target.Change!.Repository, ct)) committed.AddRange(announcing);
        }
        var messages = new OutgoingMessages();
        if (committed.Count > 0) messages.Add(new EventsCommitted(committed));
        return (new Recorded(outcomes), messages);
    }

    /// <summary>
    /// A refusal of a write that carries an eventId may rest on a race, not on the ledger: the batch read can miss the
    /// receipt of a twin committed a moment later, then see that twin's stream (a proposal then finds its change
    /// taken and would answer 409 instead of the first answer). A conflict throws and is retried on fresh state; a
    /// refusal does not, so before refusing, the receipt is read once more. That read runs after every read the
    /// decision used, so whatever committed change the decision saw, its receipt is visible now.
    /// </summary>
    private static async Task<WriteOutcome> Answer(ChangeCommand command, Caller caller, IDocumentSession session, Dictionary<string, Target> targets,
        HashSet<string> taken, Dictionary<string, IngestionReceipt> receipts, Reading reading, DateTimeOffset now, CancellationToken ct)
    {
        var outcome = await Run(command, caller, session, targets, taken, receipts, reading, now, ct);
        if (outcome.Status != StatusCodes.Status409Conflict || outcome.Events is { Count: > 0 } || command.Write.EventId is not { } eventId
            || receipts.ContainsKey(eventId))
            return outcome;
        return await session.LoadAsync<IngestionReceipt>(eventId, ct) is { } late ? Receipts.Replay(late, command.Write.ContentHash, command.ChangeId) : outcome;
    }

    private static async Task<WriteOutcome> Run(ChangeCommand command, Caller caller, IDocumentSession session, Dictionary<string, Target> targets,
        HashSet<string> taken, Dictionary<string, IngestionReceipt> receipts, Reading reading, DateTimeOffset now, CancellationToken ct)
    {
        if (!caller.May(command.Kind.Permission))
            return WriteOutcome.Refused(new Problem(403, "forbidden", "The key's roles do not allow this",
                $"A {command.Kind.Type} needs one of the roles [{string.Join(", ", Permissions.RolesFor[command.Kind.Permission])}]; key {caller.KeyId} has none of them."));
        var target = targets[command.ChangeId];
        // A change outside the caller's scope is answered as if it did not exist; its id, which is global, as taken.
        if (target.Change is { } existing && !caller.Scope.Matches(existing.Repository))
            return WriteOutcome.Refused(command.Creates is null ? Problem.UnknownChange(command.ChangeId)
                : Problem.Conflict("change-id-unavailable", "The change id is taken", $"The id '{command.ChangeId}' cannot be used; choose another."));
        if (target.Change is null && command.Creates is { } repository && !caller.Scope.Matches(repository))
            return WriteOutcome.Refused(new Problem(403, "repository-out-of-scope", "The repository is outside this key's scope",
                $"Key {caller.KeyId} may write to [{string.Join(", ", caller.Scope.Patterns)}] only."));
        if (command.Write.EventId is { } eventId && receipts.TryGetValue(eventId, out var receipt)) return Receipts.Replay(receipt, command.Write.ContentHash, command.ChangeId);
        if (command.Write.ExpectedVersion is { } expected && expected != target.Version)
            return WriteOutcome.Refused(Problem.Conflict("version-mismatch", "The change has moved on",
                $"Expected change '{command.ChangeId}' at version {expected}, but it is at version {target.Version}. Read it again and decide on the current state."));
        if ((command.Starts ?? []).FirstOrDefault(id => taken.Contains(id) || (targets.TryGetValue(id, out var t) && (t.Change is not null || t.Pending.Count > 0))) is { } takenId)
            return WriteOutcome.Refused(Problem.Conflict("change-exists", "The change already exists",
                $"Change '{takenId}', which this write would start, is already recorded; choose ids that are not in use. Nothing was stored."));

        var decision = command.Decide(await reading.Inputs(target.Change, caller, command.Kind.Reads, ct), now);
        if (decision.Problem is { } problem) return WriteOutcome.Refused(problem);

        var events = Correlated(decision.Events, command.Correlation);
        Append(session, target, events, now, command.Write.EventId);
        // The keys later CDEvents find this change by commit with the events that left them.
        foreach (var key in events.Count > 0 ? command.Correlation?.Keys ?? [] : [])
            session.Store(CorrelationLink.Of(key, command.ChangeId, target.Change!.Repository));
        foreach (var (childId, started) in decision.Starts ?? [])
        {
            var child = new Target(childId, null) { StartedHere = true };
            targets[childId] = child;
            taken.Add(childId);
            Append(session, child, [started], now);
        }

        var (status, body) = decision.Answer ?? (StatusCodes.Status201Created, new WriteResult(command.ChangeId, target.Version));
        if (command.Write.EventId is { } id)
        {
            var written = new IngestionReceipt(id, command.ChangeId, command.Operation, command.Write.ContentHash, status,
                JsonSerializer.Serialize(body, body.GetType(), Receipts.Json), target.Version, now);
            session.Insert(written);
            receipts[id] = written;
        }
        return new WriteOutcome(status, body, status == StatusCodes.Status201Created ? command.Location : null, events);
    }

    /// <summary>
    /// What decisions read beyond their change, read once per repository per transaction, after the changes are locked:
    /// the policy in force, the open incidents, the registered signers, as each command's kind declares.
    /// </summary>
    private sealed class Reading(IDocumentSession session, IRepositoryReads repositories)
    {
        private readonly Dictionary<string, ReleasePolicy> _policies = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<IncidentRecord>> _incidents = new(StringComparer.Ordinal);
        private IReadOnlyList<Signer>? _signers;
        private readonly Dictionary<string, CodeOwnersInForce> _codeOwners = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<Policies.FreezeWindow>> _freezes = new(StringComparer.Ordinal);

        public async Task<DecisionInputs> Inputs(Change? change, Caller caller, Reads reads, CancellationToken ct)
        {
            var inputs = new DecisionInputs(change, caller);
            if (change is null || reads == Reads.Change) return inputs;
            var repository = change.Repository;
            if (reads.HasFlag(Reads.Policy) && !_policies.ContainsKey(repository))
                _policies[repository] = await repositories.PolicyInForce(session, repository, ct);
            if (reads.HasFlag(Reads.Incidents) && !_incidents.ContainsKey(repository))
                _incidents[repository] = await repositories.OpenIncidents(session, repository, ct);
            if (reads.HasFlag(Reads.FreezeWindows) && !_freezes.ContainsKey(repository))
                _freezes[repository] = await repositories.FreezeWindows(session, repository, ct);
            if (reads.HasFlag(Reads.Signers)) _signers ??= [.. await session.Query<Signer>().ToListAsync(ct)];
            var codeOwners = reads.HasFlag(Reads.CodeOwners) && reads.HasFlag(Reads.Policy) && _policies[repository].CodeOwnersApproved;
            if (codeOwners && !_codeOwners.ContainsKey(repository))
                _codeOwners[repository] = await repositories.CodeOwners(session, repository, ct);
            return inputs with
            {
                Policy = reads.HasFlag(Reads.Policy) ? _policies[repository] : null,
                OpenIncidents = reads.HasFlag(Reads.Incidents) ? _incidents[repository] : [],
                Signers = reads.HasFlag(Reads.Signers) ? _signers! : [],
                CodeOwners = codeOwners ? _codeOwners[repository] : CodeOwnersInForce.None,
                FreezeWindows = reads.HasFlag(Reads.FreezeWindows) ? _freezes[repository] : [],
            };
        }
    }

    /// <summary>A CDEvent's events name the rule that tied it to its change: one place, whatever the use case.</summary>
    private static IReadOnlyList<object> Correlated(IReadOnlyList<object> events, Correlation? correlation) =>
        correlation is null ? events : [.. events.Select(e => e is ICorrelatedEvent c ? c.Correlated(correlation.Rule, correlation.Nonconforming is { Count: > 0 } members ? members : null) : e)];

    private static void StampAndStart(IDocumentSession session, Target target)
    {
        var action = session.Events.StartStream<Change>(target.Id, [.. target.Started]);
        for (var i = 0; i < action.Events.Count; i++)
            if (target.StartedEventIds[i] is { } eventId) action.Events[i].SetHeader(Receipts.EventIdHeader, eventId);
    }

    /// <summary>Appends, and folds the events into the write model so the next command on this change decides on it.</summary>
    private static void Append(IDocumentSession session, Target target, IReadOnlyList<object> events, DateTimeOffset now, string? eventId = null)
    {
        if (target.Stream is { } stream)
        {
            stream.AppendMany(events);
            // The client's idempotency key travels with the events it produced, so a trail shows which request wrote what.
            if (eventId is not null)
                foreach (var e in session.PendingChanges.Streams().First(s => s.Key == target.Id).Events.TakeLast(events.Count))
                    e.SetHeader(Receipts.EventIdHeader, eventId);
        }
        else
        {
            target.Started.AddRange(events);
            target.StartedEventIds.AddRange(events.Select(_ => eventId));
        }

        foreach (var data in events)
        {
            var e = EventEnvelope.Of(data);
            e.Version = ++target.Version;
            e.Timestamp = now;
            e.StreamKey = target.Id;
            target.Change = ChangeProjection.Fold(target.Change, target.Id, e);
            target.Pending.Add(e);
        }
    }
}
