using System.Text.Json.Serialization;

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
/// <param name="Environments">Rules for releases to one environment: more checks, other approvals, environments released first.</param>
/// <param name="CarryOverOnSamePatchId">Whether checks and reviews of an earlier commit with the head's patch-id stay current after a rebase; false when absent.</param>
/// <param name="WithinDeclaredScope">Whether a generated change is released only if every path it changed is inside its declared scope; false when absent.</param>
/// <param name="RequireVerifiedReviewers">Count only approvals recorded by the reviewer signed in with their own login (verified), not ones a key or pipeline asserted; false when absent.</param>
/// <param name="Attestations">Release rules over attestations on the head commit; absent, none.</param>
/// <param name="CriteriaCovered">Every acceptance criterion must be covered on the head commit by passing evidence that names it; absent, off.</param>
/// <param name="ValidationFirst">Which changes must prove their tests failed on the base and pass on the head (a validation_first attestation on the head): generated or all; absent, none.</param>
/// <param name="SizeBudget">How big a change may be, per origin, to be released without being split; absent, no limit.</param>
/// <param name="CodeOwnersApproved">Whether every changed path of the head commit needs an approval by a verified reviewer who owns it under the repository's CODEOWNERS; false when absent.</param>
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<EnvironmentPolicyBody>? Environments = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? CarryOverOnSamePatchId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? WithinDeclaredScope = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RequireVerifiedReviewers = null,
    // Left out of the receipt's content hash when absent, so a retry of a request made before the member existed still replays.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AttestationPolicy? Attestations = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CriteriaPolicy? CriteriaCovered = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValidationFirstFor? ValidationFirst = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SizeBudget? SizeBudget = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? CodeOwnersApproved = null) : IWriteRequest;

/// <summary>The rule criteria-covered: each acceptance criterion covered on the head commit.</summary>
/// <param name="VerifiedReviewCounts">Whether an independent reviewer's verified acceptance of a criterion covers it, besides passing checks and attestations; false when absent.</param>
public sealed record CriteriaPolicy(bool VerifiedReviewCounts = false);

/// <summary>What a release to one environment needs besides the repository-wide rules.</summary>
/// <param name="Name">The environment, as a release names it, e.g. prod.</param>
/// <param name="RequiredChecks">Checks that must also have passed on the head commit for this environment.</param>
/// <param name="MinApprovals">Independent approvals this environment needs instead of the repository-wide number.</param>
/// <param name="ReleasedFirstTo">Environments the change must have been released to first (promotion order).</param>
public sealed record EnvironmentPolicyBody(string? Name, IReadOnlyList<string>? RequiredChecks = null, int? MinApprovals = null, IReadOnlyList<string>? ReleasedFirstTo = null);

/// <summary>
/// A policy's rules for one environment. Not a <see cref="PolicyRules"/>: its approvals are optional (absent, the
/// repository's number counts) and its checks add to the repository's, so only the names are shared.
/// </summary>
public sealed record EnvironmentPolicy(string Name, IReadOnlyList<string> RequiredChecks, int? MinApprovals, IReadOnlyList<string> ReleasedFirstTo)
{
    /// <summary>Equal when every member is, lists by their items in order.</summary>
    public static readonly IEqualityComparer<EnvironmentPolicy> ByValue = EqualityComparer<EnvironmentPolicy>.Create(
        (a, b) => a is null || b is null ? a is null && b is null
            : a.Name == b.Name && a.MinApprovals == b.MinApprovals && a.RequiredChecks.SequenceEqual(b.RequiredChecks) && a.ReleasedFirstTo.SequenceEqual(b.ReleasedFirstTo),
        e => HashCode.Combine(e.Name, e.MinApprovals));
}

/// <summary>
/// The rules a release must meet, declared once: the policy document, the event that sets it and the answer are this
/// record with their own members beside it, so no member is copied from one to the other. Members that are off or
/// empty are absent from the JSON, so a policy without them reads as it always did; JsonPropertyOrder puts each member
/// where <see cref="ReleasePolicy"/> has always written it, between the answer's own.
/// </summary>
public record PolicyRules
{
    /// <summary>Checks that must have passed on the head commit (an empty list requires none).</summary>
    [JsonPropertyOrder(2)]
    public required IReadOnlyList<string> RequiredChecks { get; init; }

    /// <summary>Independent approvals of the head commit needed, 0 to 20.</summary>
    [JsonPropertyOrder(3)]
    public required int MinApprovals { get; init; }

    /// <summary>Whether a generated change needs a person's approval.</summary>
    [JsonPropertyOrder(4)]
    public required bool GeneratedChangesNeedHumanReview { get; init; }

    /// <summary>Rules for releases to one environment: more checks, other approvals, environments released first.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(11)]
    public IReadOnlyList<EnvironmentPolicy>? Environments { get; init; }

    /// <summary>Whether checks and reviews of an earlier commit with the head's patch-id stay current after a rebase.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), System.ComponentModel.DefaultValue(false), JsonPropertyOrder(12)]
    public bool CarryOverOnSamePatchId { get; init; }

    /// <summary>Whether a generated change is released only if every path it changed is inside its declared scope.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), System.ComponentModel.DefaultValue(false), JsonPropertyOrder(13)]
    public bool WithinDeclaredScope { get; init; }

    /// <summary>Count only approvals recorded by the reviewer signed in with their own login (verified); true or absent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(14)]
    public bool? RequireVerifiedReviewers { get; init; }

    /// <summary>Release rules over attestations on the head commit; absent, none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(15)]
    public AttestationPolicy? Attestations { get; init; }

    /// <summary>Every acceptance criterion covered on the head commit by passing evidence naming it; absent, off.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(16)]
    public CriteriaPolicy? CriteriaCovered { get; init; }

    /// <summary>Which changes must prove red before green (a validation_first attestation on the head); absent, none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(17)]
    public ValidationFirstFor? ValidationFirst { get; init; }

    /// <summary>How big a change may be, per origin (lines added plus removed, files touched); absent, no limit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(18)]
    public SizeBudget? SizeBudget { get; init; }

    /// <summary>Whether every changed path of the head commit needs an approval by a verified reviewer who owns it (CODEOWNERS).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), System.ComponentModel.DefaultValue(false), JsonPropertyOrder(19)]
    public bool CodeOwnersApproved { get; init; }

    /// <summary>
    /// The one form rules are stored, compared and answered in: checks once each, and a switch that is off, a list that
    /// is empty or attestation rules that require nothing are absent.
    /// </summary>
    public PolicyRules Normalized() => new(this)
    {
        RequiredChecks = [.. RequiredChecks.Distinct(StringComparer.Ordinal)],
        Environments = Environments is { Count: > 0 } ? Environments : null,
        RequireVerifiedReviewers = RequireVerifiedReviewers == true ? true : null,
        Attestations = Attestations == new AttestationPolicy() ? null : Attestations,
        CriteriaCovered = CriteriaCovered,
        ValidationFirst = ValidationFirst,
        SizeBudget = SizeBudget?.Normalized(),
    };

    /// <summary>Whether two sets of rules require the same (lists compared by their items, in order).</summary>
    public bool SameAs(PolicyRules other)
    {
        var (a, b) = (Normalized(), other.Normalized());
        return a.RequiredChecks.SequenceEqual(b.RequiredChecks) && a.MinApprovals == b.MinApprovals
            && a.GeneratedChangesNeedHumanReview == b.GeneratedChangesNeedHumanReview
            && (a.Environments ?? []).SequenceEqual(b.Environments ?? [], EnvironmentPolicy.ByValue)
            && a.CarryOverOnSamePatchId == b.CarryOverOnSamePatchId && a.WithinDeclaredScope == b.WithinDeclaredScope
            && a.RequireVerifiedReviewers == b.RequireVerifiedReviewers && a.Attestations == b.Attestations
            && a.CriteriaCovered == b.CriteriaCovered
            && a.ValidationFirst == b.ValidationFirst
            && a.SizeBudget == b.SizeBudget
            && a.CodeOwnersApproved == b.CodeOwnersApproved;
    }

    /// <summary>The rules for one environment; null when the policy has none for it.</summary>
    public EnvironmentPolicy? For(string environment) => Environments?.FirstOrDefault(e => e.Name == environment);
}

/// <summary>The release policy in force for a repository: its rules, and who set them when. Version 0 is the built-in default.</summary>
// The members keep the order they had before the rules became a base record (JsonPropertyOrder on both): the answer
// reads as it did, and a verdict's inputsDigest, which covers this JSON, stays what it was.
public sealed record ReleasePolicy : PolicyRules
{
    public ReleasePolicy() { }

    /// <summary>A repository's rules, normalized; the other members of the answer are set by the caller.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public ReleasePolicy(string repository, PolicyRules rules) : base(rules.Normalized()) => Repository = repository;

    [JsonPropertyOrder(1)]
    public required string Repository { get; init; }

    /// <summary>Open holds always block release.</summary>
    [JsonRequired, JsonPropertyOrder(5)]
    public bool HoldsBlockRelease { get; init; } = true;

    [JsonPropertyOrder(6)]
    public required long Version { get; init; }
    [JsonPropertyOrder(7)]
    public required bool IsDefault { get; init; }
    [JsonPropertyOrder(8)]
    public required string? SetBy { get; init; }
    [JsonPropertyOrder(9)]
    public required string? Reason { get; init; }
    [JsonPropertyOrder(10)]
    public required DateTimeOffset? SetAt { get; init; }

    /// <summary>Where a repository has set no policy: no required checks, one independent approval.</summary>
    public static ReleasePolicy Default(string repository) =>
        new(repository, new PolicyRules { RequiredChecks = [], MinApprovals = 1, GeneratedChangesNeedHumanReview = true })
        {
            HoldsBlockRelease = true, Version = 0, IsDefault = true, SetBy = null, Reason = null, SetAt = null,
        };
}

/// <summary>A pointer into a change's stream: the event a rule relied on.</summary>
/// <param name="Version">The event's version in the change's stream.</param>
/// <param name="Type">The event type.</param>
/// <param name="Detail">What the rule read from it.</param>
/// <param name="Assurance">For a review: verified (recorded by the reviewer signed in) or asserted (by a key or pipeline on their behalf).</param>
public sealed record EventRef(long Version, string Type, string? Detail = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Assurance = null);

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
    bool Replayed = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? ReleasedOutsideGate = null);
