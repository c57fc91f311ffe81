using System.Text.Json.Serialization;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

// The change stream's events. Immutable, past tense, each carrying the change id, the domain actor and the
// business time. Once shipped, a shape never changes: a new shape is a new type.

public interface IChangeEvent : ILedgerEvent
{
    string ChangeId { get; }
}

/// <summary>
/// An event a CDEvent may produce: <see cref="Correlation"/> names the rule that tied the CDEvent to its change
/// (docs/cdevents.md). Absent on everything else, so events written before it hash and read as they did.
/// </summary>
public interface ICorrelatedEvent : IChangeEvent
{
    string? Correlation { get; }

    /// <summary>
    /// The members of the CDEvent that broke its spec version's rules without changing its meaning (a type version of
    /// another release, an outcome's case), as paths under the CloudEvent's data; absent when it conformed, and on
    /// every event recorded before the flag existed.
    /// </summary>
    IReadOnlyList<string>? Nonconforming { get; }

    ICorrelatedEvent Correlated(string rule, IReadOnlyList<string>? nonconforming);
}

/// <summary>
/// The members every <see cref="ICorrelatedEvent"/> carries, declared once. Stored events are hashed over canonical
/// JSON (keys sorted), so where a member is declared does not change a stored event's hash; both stay absent when null,
/// as they were before this base existed.
/// </summary>
public abstract record Correlating
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Correlation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Nonconforming { get; init; }

    public ICorrelatedEvent Correlated(string rule, IReadOnlyList<string>? nonconforming) =>
        (ICorrelatedEvent)(this with { Correlation = rule, Nonconforming = nonconforming });
}

public sealed record ChangeProposed(
    string ChangeId,
    string Repository,
    string Title,
    string HeadCommit,
    string? BaseCommit,
    string Owner,
    string SubmittedBy,
    Origin Origin,
    Scope Scope,
    IReadOnlyList<string> AcceptanceCriteria,
    string? ParentChangeId,
    DateTimeOffset OccurredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PatchId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ChangedPaths = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? OutsideScope = null,
    // The ids the client gave its acceptance criteria, one per item in order; absent, they are AC-1, AC-2… (Changes/Model/AcceptanceCriteria.cs).
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? CriterionIds = null,
    // The head's diff size (absent: unknown, as on every proposal recorded before sizes were).
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DiffSize? Size = null) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => SubmittedBy;
}

public sealed record CriterionText(string Id, string Text);

/// <summary>A revision added, reworded or dropped acceptance criteria; recorded right after the <see cref="ChangeRevised"/> it belongs to.</summary>
public sealed record AcceptanceCriteriaRevised(string ChangeId, IReadOnlyList<CriterionText> Added, IReadOnlyList<CriterionText> Reworded,
    IReadOnlyList<string> Dropped, string RevisedBy, DateTimeOffset OccurredAt) : IChangeEvent
{
    [JsonIgnore] public string Actor => RevisedBy;
}

/// <summary>A new head. <see cref="OutsideScope"/> is the scope check of <see cref="ChangedPaths"/>, when they were sent.</summary>
public sealed record ChangeRevised(
    string ChangeId,
    string HeadCommit,
    string PreviousHeadCommit,
    string RevisedBy,
    string? Summary,
    DateTimeOffset OccurredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BaseCommit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PatchId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ChangedPaths = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? OutsideScope = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DiffSize? Size = null) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => RevisedBy;
}

public sealed record OwnershipTransferred(string ChangeId, string From, string To, string By, string Reason, DateTimeOffset OccurredAt) : IChangeEvent
{
    [JsonIgnore] public string Actor => By;
}

public sealed record ValidationRecorded(
    string ChangeId,
    string Check,
    string? Command,
    string Commit,
    ValidationOutcome Outcome,
    string? RunUrl,
    long? DurationMs,
    string Runner,
    string? LogDigest,
    DateTimeOffset OccurredAt,
    // The acceptance criteria this run proves when it passed; absent on runs that name none.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Criteria = null) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => Runner;
}

/// <remarks>
/// <see cref="Assurance"/>: <c>verified</c> when the reviewer recorded it signed in with their own login
/// (<see cref="VerifiedAs"/> is that principal), <c>asserted</c> when a key or a pipeline recorded it on their behalf;
/// absent on reviews recorded before the ledger told the two apart. Both are hashed with the rest of the event.
/// </remarks>
public sealed record ReviewDecided(string ChangeId, string Reviewer, ReviewDecision Decision, string Commit, string? Comment, DateTimeOffset OccurredAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Assurance = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? VerifiedAs = null,
    // The acceptance criteria the reviewer accepted as met; absent on reviews that name none.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Criteria = null) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => Reviewer;
}

/// <summary>One change a split starts; <see cref="Size"/> is its own diff's, when the split said it.</summary>
public sealed record SplitChild(string ChangeId, string Title, Scope Scope,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DiffSize? Size = null);

public sealed record ChangeSplit(string ChangeId, IReadOnlyList<SplitChild> Children, string By, string Reason, DateTimeOffset OccurredAt) : IChangeEvent
{
    [JsonIgnore] public string Actor => By;
}

public sealed record HoldPlaced(string ChangeId, string HoldId, HoldKind Kind, string Reason, string PlacedBy, DateTimeOffset? ExpiresAt, DateTimeOffset OccurredAt) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => PlacedBy;
}

public sealed record HoldLifted(string ChangeId, string HoldId, string LiftedBy, string Justification, DateTimeOffset OccurredAt) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => LiftedBy;
}

public sealed record ChangeReleased(
    string ChangeId,
    string Environment,
    string Version,
    string ReleasedBy,
    long? VerdictVersion,
    ReleaseOverride? Override,
    DateTimeOffset OccurredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Repository = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Commit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Artifact>? Artifacts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ReleasedOutsideGate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RollBack = null) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => ReleasedBy;
}

/// <summary>
/// Merged into the target branch: the code is in, not yet released. <see cref="Lines"/> is what the merge put in (the
/// head's size, and whether a verified human had approved it), when the head's size was recorded.
/// </summary>
public sealed record ChangeMerged(string ChangeId, string MergedBy, string? Commit, DateTimeOffset OccurredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MergedLines? Lines = null) : Correlating, ICorrelatedEvent, Hosting.IRecordsMergedLines
{
    [JsonIgnore] public string Actor => MergedBy;
}

public sealed record ChangeWithdrawn(string ChangeId, string By, string Reason, DateTimeOffset OccurredAt) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => By;
}

public sealed record AttestationRecorded(
    string ChangeId,
    AttestationType Kind,
    string? Name,
    string? Commit,
    string? ArtifactDigest,
    string ContentDigest,
    string AttestedBy,
    string? Url,
    TestReportSummary? TestReport,
    StaticAnalysisSummary? StaticAnalysis,
    SbomSummary? Sbom,
    CoverageSummary? Coverage,
    SecurityScanSummary? SecurityScan,
    System.Text.Json.JsonElement? Custom,
    DateTimeOffset OccurredAt,
    // The registered signer whose DSSE signature over the statement the ledger verified; absent on attestations posted as summaries.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SignedBy = null,
    // The acceptance criteria this attestation proves when it passes; absent on attestations that name none.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Criteria = null,
    // Only on a validation_first attestation; absent on every other kind, so their rows read (and hash) as before.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValidationFirstSummary? ValidationFirst = null) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => AttestedBy;
}

/// <summary>The gate was asked and its full answer kept, whether it said yes or no.</summary>
public sealed record ReleaseVerdictRecorded(string ChangeId, ReleaseVerdict Verdict, string RequestedBy, DateTimeOffset OccurredAt) : Correlating, ICorrelatedEvent, Hosting.IRecordsVerdict
{
    [JsonIgnore] public string Actor => RequestedBy;
}

/// <summary>An incident detected in an environment, recorded on the change whose artifact runs there (a CDEvent incident.detected).</summary>
public sealed record IncidentDetected(string ChangeId, string IncidentId, string Environment, string? Service, string? Description, string ReportedBy,
    DateTimeOffset OccurredAt) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => ReportedBy;
}

public sealed record IncidentResolved(string ChangeId, string IncidentId, string ResolvedBy, string? Description, DateTimeOffset OccurredAt) : Correlating, ICorrelatedEvent
{
    [JsonIgnore] public string Actor => ResolvedBy;
}

/// <summary>An incident as the release record keeps it; open until a resolution is recorded on the same change.</summary>
public sealed record IncidentRecord(string IncidentId, string Environment, string? Service, string? Description, string ReportedBy, DateTimeOffset DetectedAt,
    long Version, string? ResolvedBy = null, DateTimeOffset? ResolvedAt = null);
