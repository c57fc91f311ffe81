namespace ChangeLedger.Contracts;

// Request bodies of the write endpoints. Every member is nullable on purpose: the service validates
// presence itself so that one 400 lists every missing or malformed field at once.

/// <summary>Members every write may carry: a client idempotency key and an optimistic-concurrency guard.</summary>
public interface IWriteRequest
{
    string? EventId { get; }
    long? ExpectedVersion { get; }
    DateTimeOffset? OccurredAt { get; }
}

public sealed record OriginBody(
    OriginKind? Kind,
    string? Tool = null,
    string? Model = null,
    string? PromptRef = null,
    string? SessionId = null,
    string? RequestedBy = null);

public sealed record ScopeBody(IReadOnlyList<string>? Includes = null, IReadOnlyList<string>? Excludes = null);

public sealed record ProposeChangeRequest(
    string? ChangeId,
    string? Repository,
    string? Title,
    string? HeadCommit,
    string? BaseCommit,
    string? Owner,
    string? SubmittedBy,
    OriginBody? Origin,
    ScopeBody? Scope = null,
    IReadOnlyList<string>? AcceptanceCriteria = null,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

public sealed record ReviseChangeRequest(
    string? HeadCommit,
    string? RevisedBy,
    string? Summary = null,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

public sealed record TransferOwnershipRequest(
    string? To,
    string? By,
    string? Reason,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

public sealed record RecordValidationRequest(
    string? Check,
    string? Commit,
    ValidationOutcome? Outcome,
    string? Runner,
    string? Command = null,
    string? RunUrl = null,
    long? DurationMs = null,
    string? LogDigest = null,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

public sealed record DecideReviewRequest(
    string? Reviewer,
    ReviewDecision? Decision,
    string? Commit,
    string? Comment = null,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

public sealed record SplitChildBody(string? ChangeId, string? Title, ScopeBody? Scope = null);

public sealed record SplitChangeRequest(
    IReadOnlyList<SplitChildBody>? Children,
    string? By,
    string? Reason,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

public sealed record PlaceHoldRequest(
    HoldKind? Kind,
    string? Reason,
    string? PlacedBy,
    string? HoldId = null,
    DateTimeOffset? ExpiresAt = null,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

public sealed record LiftHoldRequest(
    string? LiftedBy,
    string? Justification,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

public sealed record WithdrawChangeRequest(
    string? By,
    string? Reason,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

public sealed record OverrideBody(string? By, string? Justification);

public sealed record ReleaseChangeRequest(
    string? Environment,
    string? Version,
    string? ReleasedBy,
    OverrideBody? Override = null,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null) : IWriteRequest;

/// <summary>What every successful write answers: the stream and its version after the append.</summary>
public sealed record WriteResult(string ChangeId, long Version, bool Replayed = false, string? HoldId = null);
