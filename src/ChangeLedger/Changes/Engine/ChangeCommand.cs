using ChangeLedger.Access;
using Marten;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

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

/// <summary>
/// What a decision reads beyond the command, all loaded by <see cref="RecordChangesHandler"/> after the change is locked:
/// the change as it stands (null when it does not exist yet, or the caller may not see it), who asks, and what the
/// command's kind declares it reads (<see cref="WriteKind.Reads"/>): the policy in force for the change's repository,
/// the incidents open in that repository, the registered signers. A decision reads nothing else, so it stays pure.
/// </summary>
public sealed record DecisionInputs(Change? Change, Caller Caller)
{
    public ReleasePolicy? Policy { get; init; }
    public IReadOnlyList<IncidentRecord> OpenIncidents { get; init; } = [];
    public IReadOnlyList<Signer> Signers { get; init; } = [];

    /// <summary>The CODEOWNERS file and teams in force, read only when the policy in force asks for code owners' approval.</summary>
    public CodeOwnersInForce CodeOwners { get; init; } = CodeOwnersInForce.None;
    public IReadOnlyList<Policies.FreezeWindow> FreezeWindows { get; init; } = [];
}

/// <summary>
/// The reads of a repository's release rules that a decision may declare (<see cref="Reads.Policy"/>,
/// <see cref="Reads.Incidents"/>), given by the capability that owns them (the release gate), so the engine that
/// runs every write depends on no capability of its own.
/// </summary>
public interface IRepositoryReads
{
    Task<ReleasePolicy> PolicyInForce(IQuerySession session, string repository, CancellationToken ct);

    /// <summary>The incidents open in any environment on any change of the repository, oldest first.</summary>
    Task<IReadOnlyList<IncidentRecord>> OpenIncidents(IQuerySession session, string repository, CancellationToken ct);

    /// <summary>The repository's CODEOWNERS file and teams in force.</summary>
    Task<CodeOwnersInForce> CodeOwners(IQuerySession session, string repository, CancellationToken ct);
    /// <summary>The freeze windows that reach the repository, in any environment.</summary>
    Task<IReadOnlyList<Policies.FreezeWindow>> FreezeWindows(IQuerySession session, string repository, CancellationToken ct);
}

/// <summary>What a kind of write reads beyond its change, so the engine loads it under the change's lock.</summary>
[Flags]
public enum Reads
{
    Change = 0,
    Policy = 1,
    Incidents = 2,
    Signers = 4,

    /// <summary>The code owners in force, when the policy (read with it) turns their rule on.</summary>
    CodeOwners = 8,

    /// <summary>The freeze windows that reach the change's repository, in any environment.</summary>
    FreezeWindows = 16,
}

/// <summary>
/// A validated write to one change: data, and a pure <see cref="Decide"/>. Every member is present and well-formed,
/// so a decision never guesses. What the engine must know before deciding is data given at construction: the
/// repository a proposal creates the change in (<paramref name="Creates"/>, checked against the caller's scope), the
/// changes it starts beside its own (<paramref name="Starts"/>, a split's children, locked and checked unused), and the
/// subject within the change the write is about (<paramref name="Subject"/>, a hold's id, part of the receipt's
/// operation). Permission, scope, idempotency, expected version, appending, sealing and answering are the engine's,
/// the same for every use case (<see cref="RecordChangesHandler"/>); a use case cannot change them.
/// </summary>
public abstract record ChangeCommand(string ChangeId, string? Creates = null, IReadOnlyList<string>? Starts = null, string? Subject = null)
{
    public WriteOptions Write { get; init; } = WriteOptions.None;

    /// <summary>How a CDEvent was tied to its change, and the keys later CDEvents may find it by; absent on every other write.</summary>
    public Correlation? Correlation { get; init; }

    /// <summary>The kind this command is: its batch type name, its operation name, the permission it needs and what it reads.</summary>
    public abstract WriteKind Kind { get; }

    /// <summary>The name a receipt records; the same however the write arrives. A subject is part of it: the same eventId on another hold is another write.</summary>
    public string Operation => Subject is null ? Kind.Operation : $"{Kind.Operation}:{Subject}";

    /// <summary>When the fact happened: the client's occurredAt, else now.</summary>
    public DateTimeOffset At(DateTimeOffset now) => Write.OccurredAt ?? now;

    /// <summary>
    /// The pure decision: the events to append (and any changes they start, <see cref="Decision.Starts"/>), or the
    /// problem that refuses them; an answer other than 201 with the change's version is part of the decision too.
    /// </summary>
    public abstract Decision Decide(DecisionInputs inputs, DateTimeOffset now);

    public string Location => $"/v1/changes/{Uri.EscapeDataString(ChangeId)}";
}
