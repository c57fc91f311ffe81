namespace ChangeLedger.Contracts;

/// <summary>The release policy a repository's changes must meet; each change of it is a new version.</summary>
/// <param name="RequiredChecks">Checks that must have passed on the head commit (an empty list requires none).</param>
/// <param name="MinApprovals">Independent approvals of the head commit needed, 0 to 20.</param>
/// <param name="GeneratedChangesNeedHumanReview">Whether a generated change needs a person's approval; true when absent.</param>
/// <param name="SetBy">Who set the policy.</param>
/// <param name="Reason">Why.</param>
/// <param name="HoldsBlockRelease">Open holds always block release; only true (or absent) is accepted.</param>
/// <param name="EventId">Idempotency key: the same id and body again answers the first write's result.</param>
/// <param name="ExpectedVersion">The policy version this write expects (0: no policy set yet); otherwise 409.</param>
/// <param name="OccurredAt">When the policy was decided, if earlier than now.</param>
/// <param name="Attestations">Release rules over attestations on the head commit; absent, none.</param>
public sealed record SetPolicyRequest(
    IReadOnlyList<string>? RequiredChecks,
    int? MinApprovals,
    bool? GeneratedChangesNeedHumanReview,
    string? SetBy,
    string? Reason = null,
    bool? HoldsBlockRelease = null,
    string? EventId = null,
    long? ExpectedVersion = null,
    DateTimeOffset? OccurredAt = null,
    // Left out of the receipt's content hash when absent, so a retry of a request made before the member existed still replays.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    AttestationPolicy? Attestations = null) : IWriteRequest;

/// <summary>The release policy in force for a repository. Version 0 is the built-in default.</summary>
public sealed record ReleasePolicy(
    string Repository,
    IReadOnlyList<string> RequiredChecks,
    int MinApprovals,
    bool GeneratedChangesNeedHumanReview,
    bool HoldsBlockRelease,
    long Version,
    bool IsDefault,
    string? SetBy,
    string? Reason,
    DateTimeOffset? SetAt,
    // Absent when the policy sets no attestation rules, so a policy without them reads as it always did.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    AttestationPolicy? Attestations = null);

/// <summary>A pointer into a change's stream: the event a rule relied on.</summary>
public sealed record EventRef(long Version, string Type, string? Detail = null);

public sealed record VerdictRule(string Rule, bool Passed, string Detail, IReadOnlyList<EventRef> Evidence);

/// <summary>The gate's full answer: every rule, passed or failed, with the evidence it used.</summary>
public sealed record ReleaseVerdict(
    string ChangeId,
    string Environment,
    bool Ready,
    string PolicyRepository,
    long PolicyVersion,
    DateTimeOffset EvaluatedAt,
    long ChangeVersion,
    string InputsDigest,
    IReadOnlyList<VerdictRule> Rules);

/// <summary>What POST /releases answers, whether it released (201) or refused (409).</summary>
public sealed record ReleaseOutcome(
    string ChangeId,
    bool Released,
    long Version,
    ReleaseVerdict Verdict,
    ReleaseOverride? Override,
    bool Replayed = false);
