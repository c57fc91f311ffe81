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
    AttestationPolicy? Attestations = null) : ILedgerEvent
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
    AttestationPolicy? Attestations = null)
{
    // '~' can never start a change id, so a policy stream can never collide with a change stream;
    // the repository is escaped because stream keys must not contain '/'.
    public static string StreamKey(string repository) => "~policy:" + Uri.EscapeDataString(repository);

    /// <summary>Where a repository has set no policy: no required checks, one independent approval.</summary>
    public static ReleasePolicy Default(string repository) =>
        new(repository, [], 1, true, true, 0, true, null, null, null);

    public ReleasePolicy ToContract() =>
        new(Repository, RequiredChecks, MinApprovals, GeneratedChangesNeedHumanReview, true, Version, false, SetBy, Reason, SetAt, Attestations);
}

public sealed partial class RepositoryPolicyProjection : SingleStreamProjection<RepositoryPolicy, string>
{
    // Only policy events: a change write must not even load a policy document.
    public RepositoryPolicyProjection() => IncludeType<ReleasePolicySet>();

    public override RepositoryPolicy? Evolve(RepositoryPolicy? snapshot, string id, IEvent e) => e.Data switch
    {
        ReleasePolicySet p => new RepositoryPolicy(id, p.Repository, p.RequiredChecks, p.MinApprovals, p.GeneratedChangesNeedHumanReview,
            e.Version, p.SetBy, p.Reason, e.Timestamp, p.Attestations),
        _ => snapshot,
    };
}
