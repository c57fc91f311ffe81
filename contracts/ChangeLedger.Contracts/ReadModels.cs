using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeLedger.Contracts;

public sealed record Origin(
    OriginKind Kind,
    string? Tool = null,
    string? Model = null,
    string? PromptRef = null,
    string? SessionId = null,
    string? RequestedBy = null);

public sealed record Scope(IReadOnlyList<string> Includes, IReadOnlyList<string> Excludes)
{
    public static readonly Scope Empty = new([], []);
}

public sealed record ChangeCounts(
    int Revisions = 0,
    int Validations = 0,
    int FailedValidations = 0,
    int Reviews = 0,
    int OwnershipTransfers = 0,
    int HoldsPlaced = 0,
    int HoldsLifted = 0,
    int Releases = 0);

/// <summary>"What is this change, and where does it stand?"</summary>
public sealed record ChangeSummary(
    string ChangeId,
    string Repository,
    string Title,
    ChangeStatus Status,
    string Owner,
    string SubmittedBy,
    string HeadCommit,
    string? BaseCommit,
    Origin Origin,
    Scope Scope,
    IReadOnlyList<string> AcceptanceCriteria,
    string? ParentChangeId,
    IReadOnlyList<string> ChildChangeIds,
    IReadOnlyList<string> Reviewers,
    ChangeCounts Counts,
    long Version,
    DateTimeOffset ProposedAt,
    DateTimeOffset RecordedAt,
    DateTimeOffset LastRecordedAt);

public sealed record OwnershipRecord(
    string Owner,
    string? PreviousOwner,
    string By,
    string Reason,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    long Version);

/// <summary>"Who owns it?" The accountable human now, and every hand-over that led there.</summary>
public sealed record OwnershipHistory(
    string ChangeId,
    string Repository,
    string CurrentOwner,
    IReadOnlyList<OwnershipRecord> History,
    long Version);

public sealed record ValidationRun(
    string Check,
    string Commit,
    ValidationOutcome Outcome,
    string Runner,
    string? Command,
    string? RunUrl,
    long? DurationMs,
    string? LogDigest,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    long Version,
    bool Stale,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CarriedOverFrom = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Criteria = null)
{
    /// <summary>Why a run on another commit still counts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CarriedOver => CarriedOverFrom is null ? null : $"carried over from {CarriedOverFrom}, same patch-id";
}

public sealed record CheckEvidence(
    string Check,
    ValidationRun? LatestOnHead,
    IReadOnlyList<ValidationRun> Runs,
    IReadOnlyList<ValidationRun> StaleRuns);

public sealed record ReviewRecord(
    string Reviewer,
    ReviewDecision Decision,
    string Commit,
    string? Comment,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    long Version,
    bool Stale,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CarriedOverFrom = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Assurance = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VerifiedAs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Criteria = null)
{
    /// <summary>Why a review of another commit still counts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CarriedOver => CarriedOverFrom is null ? null : $"carried over from {CarriedOverFrom}, same patch-id";
}

/// <summary>The paths a commit changed, checked against the change's declared scope when they were recorded.</summary>
public sealed record ScopeCompliance(string Commit, IReadOnlyList<string> ChangedPaths, IReadOnlyList<string> OutsideScope, long Version);

/// <summary>"What proved it?" Every check run, review and attestation, split into current (on the head commit) and stale.</summary>
public sealed record Evidence(
    string ChangeId,
    string Repository,
    string HeadCommit,
    IReadOnlyList<CheckEvidence> Checks,
    IReadOnlyList<ReviewRecord> Reviews,
    long Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HeadPatchId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SamePatchIdCommits = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScopeCompliance? ScopeCompliance = null,
    // Absent until the first attestation, so the evidence of a change without any reads (and digests) as it always did.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AttestationRecord>? Attestations = null,
    // Absent while the change has no acceptance criteria, for the same reason.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AcceptanceCriterion>? Criteria = null,
    // The last size recorded, with its commit (stale once the head moves on without one); absent until one is.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RecordedSize? Size = null);

/// <summary>
/// One acceptance criterion as it stands: its id, its current wording and the version of the event that set that
/// wording (evidence recorded before it does not cover it); a dropped one keeps its id taken, with the version that dropped it.
/// </summary>
public sealed record AcceptanceCriterion(string Id, string Text, long Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? DroppedVersion = null);

public sealed record Hold(
    string HoldId,
    HoldKind Kind,
    string Reason,
    string PlacedBy,
    DateTimeOffset PlacedAt,
    DateTimeOffset? ExpiresAt,
    long PlacedVersion,
    string? LiftedBy = null,
    string? Justification = null,
    DateTimeOffset? LiftedAt = null,
    long? LiftedVersion = null);

public sealed record ReleaseOverride(string By, string Justification);

/// <summary>An artifact a release shipped: its content digest (sha256:…) and, if given, its name.</summary>
public sealed record Artifact(string? Name, string Digest);

public sealed record Release(
    string Environment,
    string Version,
    string ReleasedBy,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    long EventVersion,
    long? VerdictVersion,
    ReleaseOverride? Override,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Commit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Artifact>? Artifacts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ReleasedOutsideGate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RollBack = null);

/// <summary>"Why was it released, or held?" Holds are split at read time: expiry is a matter of the clock, which no projection reads.</summary>
public sealed record ReleaseView(
    string ChangeId,
    string Repository,
    ChangeStatus Status,
    IReadOnlyList<Hold> OpenHolds,
    IReadOnlyList<Hold> ExpiredHolds,
    IReadOnlyList<Hold> LiftedHolds,
    ReleaseVerdict? LastVerdict,
    IReadOnlyList<ReleaseVerdict> Verdicts,
    IReadOnlyList<Release> Releases,
    IReadOnlyList<Release> Overrides,
    DateTimeOffset EvaluatedAt,
    long Version);

public sealed record TrailEntry(
    long Version,
    long Sequence,
    string Type,
    string Actor,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string? EventId,
    string? RecordedBy,
    JsonElement Data,
    string? Hash = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Principal = null);

/// <summary>The audit trail: every event of the change, in order, with both clocks.</summary>
public sealed record AuditTrail(string ChangeId, long Version, IReadOnlyList<TrailEntry> Events);

public sealed record ChangePage(IReadOnlyList<ChangeSummary> Items, string? NextCursor);

/// <summary>
/// Every run of a change's checks in ledger order, a page at a time (the evidence keeps only the latest per check and
/// commit). <see cref="NextAfter"/> is the <c>after</c> of the next page; null on the last.
/// </summary>
public sealed record ValidationRunPage(string ChangeId, string? Check, IReadOnlyList<ValidationRun> Runs, long? NextAfter);
