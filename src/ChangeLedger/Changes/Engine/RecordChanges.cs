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
        // Changes these commands may create have no row to lock yet, nor do the children a split starts: the engine
        // queues their writers on the ids instead.
        var engine = await StreamEngine<Change>.Open(session, ChangeProjection.Fold, new LedgerClock(clock), commands.Select(c => c.ChangeId),
            creating: commands.Where(c => c.Creates is not null).Select(c => c.ChangeId), starting: commands.SelectMany(c => c.Starts ?? []),
            commands.Select(c => c.Write.EventId), ct);

        var now = clock.GetUtcNow();
        var outcomes = new List<WriteOutcome>(commands.Count);
        var reading = new Reading(session, repositories);
        foreach (var command in commands)
            outcomes.Add(await Answer(command, message.Caller, session, engine, reading, now, ct));
        engine.Commit();
        // Announced only where a subscriber could want them: without one, no outbox row at all.
        var committed = new List<CommittedEvent>();
        foreach (var target in engine.Streams)
        {
            var announcing = target.Appended.Where(e => announced.Types.Contains(e.EventType)).Select(e => new CommittedEvent(e.StreamKey!, e.Version)).ToList();
            if (announcing.Count > 0 && await announced.Listeners.AnyFor(session, target.State!.Repository, ct)) committed.AddRange(announcing);
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
    private static async Task<WriteOutcome> Answer(ChangeCommand command, Caller caller, IDocumentSession session, StreamEngine<Change> engine,
        Reading reading, DateTimeOffset now, CancellationToken ct)
    {
        var outcome = await Run(command, caller, session, engine, reading, now, ct);
        if (outcome.Status != StatusCodes.Status409Conflict || outcome.Events is { Count: > 0 } || command.Write.EventId is not { } eventId
            || engine.HasReceipt(eventId))
            return outcome;
        return await session.LoadAsync<IngestionReceipt>(eventId, ct) is { } late ? Receipts.Replay(late, command.Write.ContentHash, command.ChangeId) : outcome;
    }

    private static async Task<WriteOutcome> Run(ChangeCommand command, Caller caller, IDocumentSession session, StreamEngine<Change> engine,
        Reading reading, DateTimeOffset now, CancellationToken ct)
    {
        if (!caller.May(command.Kind.Permission))
            return WriteOutcome.Refused(new Problem(403, "forbidden", "The key's roles do not allow this",
                $"A {command.Kind.Type} needs one of the roles [{string.Join(", ", Permissions.RolesFor[command.Kind.Permission])}]; key {caller.KeyId} has none of them."));
        var target = engine[command.ChangeId];
        // A change outside the caller's scope is answered as if it did not exist; its id, which is global, as taken.
        if (target.State is { } existing && !caller.Scope.Matches(existing.Repository))
            return WriteOutcome.Refused(command.Creates is null ? Problem.UnknownChange(command.ChangeId)
                : Problem.Conflict("change-id-unavailable", "The change id is taken", $"The id '{command.ChangeId}' cannot be used; choose another."));
        if (target.State is null && command.Creates is { } repository && !caller.Scope.Matches(repository))
            return WriteOutcome.Refused(new Problem(403, "repository-out-of-scope", "The repository is outside this key's scope",
                $"Key {caller.KeyId} may write to [{string.Join(", ", caller.Scope.Patterns)}] only."));
        if (engine.Guard(command.ChangeId, command.Write, "change", $"change '{command.ChangeId}'") is { } answered) return answered;
        if ((command.Starts ?? []).FirstOrDefault(engine.Taken) is { } takenId)
            return WriteOutcome.Refused(Problem.Conflict("change-exists", "The change already exists",
                $"Change '{takenId}', which this write would start, is already recorded; choose ids that are not in use. Nothing was stored."));

        var decision = command.Decide(await reading.Inputs(target.State, caller, command.Kind.Reads, ct), now);
        if (decision.Problem is { } problem) return WriteOutcome.Refused(problem);

        var events = Correlated(decision.Events, command.Correlation);
        engine.Append(command.ChangeId, events, command.Write.EventId);
        // The keys later CDEvents find this change by commit with the events that left them.
        foreach (var key in events.Count > 0 ? command.Correlation?.Keys ?? [] : [])
            session.Store(CorrelationLink.Of(key, command.ChangeId, target.State!.Repository));
        foreach (var (childId, started) in decision.Starts ?? []) engine.Append(childId, [started], eventId: null);

        var (status, body) = decision.Answer ?? (StatusCodes.Status201Created, new WriteResult(command.ChangeId, target.Version));
        engine.Receipt(command.ChangeId, command.Write, command.Operation, status, body, now);
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
}
