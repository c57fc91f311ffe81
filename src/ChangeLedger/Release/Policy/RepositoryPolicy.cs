using System.Text.Json.Serialization;
using ChangeLedger.Contracts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Policies;

/// <summary>A repository's release policy changed. Policies are event-sourced, so the one in force at any moment is known.</summary>
public sealed record ReleasePolicySet(
    string Repository,
    IReadOnlyList<string> RequiredChecks,
    int MinApprovals,
    bool GeneratedChangesNeedHumanReview,
    string SetBy,
    string? Reason,
    DateTimeOffset OccurredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<EnvironmentPolicy>? Environments = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? CarryOverOnSamePatchId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? WithinDeclaredScope = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RequireVerifiedReviewers = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AttestationPolicy? Attestations = null) : ILedgerEvent
{
    [System.Text.Json.Serialization.JsonIgnore] public string Actor => SetBy;
}

/// <summary>The policy stream's write and read model (small enough to be both).</summary>
public sealed record RepositoryPolicy(
    string Id,
    string Repository,
    IReadOnlyList<string> RequiredChecks,
    int MinApprovals,
    bool GeneratedChangesNeedHumanReview,
    long Version,
    string SetBy,
    string? Reason,
    DateTimeOffset SetAt,
    IReadOnlyList<EnvironmentPolicy>? Environments = null,
    bool CarryOverOnSamePatchId = false,
    bool WithinDeclaredScope = false,
    bool? RequireVerifiedReviewers = null,
    AttestationPolicy? Attestations = null)
{
    // '~' can never start a change id, so a policy stream can never collide with a change stream;
    // the repository is escaped because stream keys must not contain '/'.
    public static string StreamKey(string repository) => "~policy:" + Uri.EscapeDataString(repository);

    /// <summary>Where a repository has set no policy: no required checks, one independent approval.</summary>
    public static ReleasePolicy Default(string repository) =>
        new(repository, [], 1, true, true, 0, true, null, null, null);

    public ReleasePolicy ToContract() =>
        new(Repository, RequiredChecks, MinApprovals, GeneratedChangesNeedHumanReview, true, Version, false, SetBy, Reason, SetAt,
            Environments is { Count: > 0 } ? Environments : null, CarryOverOnSamePatchId, WithinDeclaredScope, RequireVerifiedReviewers, Attestations);
}

public sealed partial class RepositoryPolicyProjection : SingleStreamProjection<RepositoryPolicy, string>
{
    // Only policy events: a change write must not even load a policy document.
    public RepositoryPolicyProjection() => IncludeType<ReleasePolicySet>();

    public override RepositoryPolicy? Evolve(RepositoryPolicy? snapshot, string id, IEvent e) => e.Data switch
    {
        ReleasePolicySet p => new RepositoryPolicy(id, p.Repository, p.RequiredChecks, p.MinApprovals, p.GeneratedChangesNeedHumanReview,
            e.Version, p.SetBy, p.Reason, e.Timestamp, p.Environments ?? [], p.CarryOverOnSamePatchId ?? false, p.WithinDeclaredScope ?? false,
            p.RequireVerifiedReviewers, p.Attestations),
        _ => snapshot,
    };
}
