using ChangeLedger.Access;
using ChangeLedger.Contracts;
using JasperFx.Events;
using Marten;

namespace ChangeLedger.Changes;

/// <summary>What every write carries besides its facts: the client's idempotency key, concurrency guard and business time.</summary>
public sealed record WriteOptions(string? EventId, long? ExpectedVersion, DateTimeOffset? OccurredAt, string ContentHash)
{
    public static readonly WriteOptions None = new(null, null, null, "");

    /// <summary>How a CDEvent was tied to its change, and the keys later CDEvents may find it by; absent on every other write.</summary>
    public Correlation? Correlation { get; init; }
}

/// <summary>The rule that tied a CDEvent to its change (recorded on its events), and the keys it leaves for later ones.</summary>
public sealed record Correlation(string Rule, IReadOnlyList<string> Keys)
{
    /// <summary>The CDEvent's members that broke its version's rules without changing its meaning; recorded on its events.</summary>
    public IReadOnlyList<string> Nonconforming { get; init; } = [];
}

/// <summary>
/// A key a CDEvent left (its chain, its change subject, an artifact, its own context id) and the change it belongs to,
/// one per repository, so a key two repositories share never ties one's events to the other's change.
/// </summary>
public sealed record CorrelationLink(string Id, string Key, string ChangeId, string Repository)
{
    public static CorrelationLink Of(string key, string changeId, string repository) => new($"{key}|{repository}", key, changeId, repository);
}

/// <summary>What a decision reads: the change as it stands (null when it does not exist yet).</summary>
public sealed record DecisionInputs(Change? Change);

/// <summary>
/// A validated write to one change: every member is present and well-formed, so a decision never guesses. Each use
/// case is one record deriving from this, with a pure <c>Decide</c>; <see cref="RecordChangesHandler"/> runs them all.
/// </summary>
public abstract record ChangeCommand(string ChangeId)
{
    public WriteOptions Write { get; init; } = WriteOptions.None;

    /// <summary>The kind this command is: its batch type name, its operation name and the permission it needs.</summary>
    public abstract WriteKind Kind { get; }

    /// <summary>The name a receipt records; the same however the write arrives.</summary>
    public virtual string Operation => Kind.Operation;

    /// <summary>When the fact happened: the client's occurredAt, else now.</summary>
    public DateTimeOffset At(DateTimeOffset now) => Write.OccurredAt ?? now;

    /// <summary>The repository a command that creates a change writes to; checked against the caller's scope.</summary>
    public virtual string? Creates => null;

    /// <summary>Other changes this command starts (a split's children); each must not exist yet.</summary>
    public virtual IReadOnlyList<string> Starts => [];

    /// <summary>What the caller may not do beyond the kind's permission (an override needs its own role).</summary>
    public virtual Problem? Refuses(Caller caller) =>
        caller.May(Kind.Permission) ? null
            : new Problem(403, "forbidden", "The key's roles do not allow this",
                $"A {Kind.Type} needs one of the roles [{string.Join(", ", Permissions.RolesFor[Kind.Permission])}]; key {caller.KeyId} has none of them.");

    /// <summary>The command as this caller records it: what the ledger knows of who authenticated becomes part of the facts (a review's assurance).</summary>
    public virtual ChangeCommand RecordedBy(Caller caller) => this;

    /// <summary>How a change outside the caller's scope is answered: as if it did not exist.</summary>
    public virtual Problem Hidden() => Problem.UnknownChange(ChangeId);

    /// <summary>
    /// Reads a decision needs beyond the write model (the release verdict reads evidence and policy), on the same
    /// session, after the change is locked. <paramref name="pending"/> are this transaction's earlier events on it.
    /// </summary>
    public virtual Task<ChangeCommand> Prepare(IQuerySession session, Change change, IReadOnlyList<IEvent> pending, CancellationToken ct) =>
        Task.FromResult(this);

    public abstract Decision Decide(DecisionInputs inputs, DateTimeOffset now);

    /// <summary>Changes this command's events start next to its own (a split's children).</summary>
    public virtual IEnumerable<(string ChangeId, object Event)> Started(Change before, IReadOnlyList<object> events) => [];

    /// <summary>The answer: 201 with the version unless the use case says otherwise.</summary>
    public virtual (int Status, object Body) Answer(WriteResult result, IReadOnlyList<object> events) => (StatusCodes.Status201Created, result);

    public virtual string Location => $"/v1/changes/{Uri.EscapeDataString(ChangeId)}";
}
