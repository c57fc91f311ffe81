using System.Text.Json.Serialization;
using ChangeLedger.Contracts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Policies;

/// <summary>
/// A repository's release policy changed. Policies are event-sourced, so the one in force at any moment is known. Since
/// issue 25 the rules travel whole as <see cref="PolicyRules"/>; the event that carried them member by member before,
/// <see cref="ReleasePolicySet"/>, is still read.
/// </summary>
public sealed record ReleasePolicyRulesSet(string Repository, PolicyRules Rules, string SetBy, string? Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => SetBy;
}

/// <summary>
/// The event every policy was written as until issue 25, frozen and only read; new writes append
/// <see cref="ReleasePolicyRulesSet"/>, and <see cref="AsRulesSet"/> is this shape's one mapping to the rules.
/// </summary>
/// <remarks>
/// What keeps the old hashes identical: a hash (Ledger/HashChain.cs, EventHash) covers the event's type name and the
/// canonical form (RFC 8785, keys sorted) of its data JSON as stored in the row, and verification (Integrity/StreamWalk.cs)
/// recomputes it from that row's stored type and data text, never by serializing this record again. So the old rows
/// verify as long as they are never rewritten and their alias, <c>release_policy_set</c>, still names this type. This
/// record's members may not change either: every rebuild reads the old rows through them.
/// </remarks>
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
    [JsonIgnore] public string Actor => SetBy;

    /// <summary>The rules this old event set, in the one form the new event carries them.</summary>
    public ReleasePolicyRulesSet AsRulesSet() => new(Repository, new PolicyRules
    {
        RequiredChecks = RequiredChecks,
        MinApprovals = MinApprovals,
        GeneratedChangesNeedHumanReview = GeneratedChangesNeedHumanReview,
        Environments = Environments,
        CarryOverOnSamePatchId = CarryOverOnSamePatchId ?? false,
        WithinDeclaredScope = WithinDeclaredScope ?? false,
        RequireVerifiedReviewers = RequireVerifiedReviewers,
        Attestations = Attestations,
    }.Normalized(), SetBy, Reason, OccurredAt);
}

/// <summary>
/// The policy stream's write and read model (small enough to be both): the rules in force, and who set them when. Its
/// JSON has the members it had before it derived from <see cref="PolicyRules"/>, so a document stored then still loads.
/// </summary>
public sealed record RepositoryPolicy : PolicyRules, Access.IAdminManaged
{
    public RepositoryPolicy() { }

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    private RepositoryPolicy(PolicyRules rules, string id, string repository, string setBy) : base(rules) => (Id, Repository, SetBy) = (id, repository, setBy);

    public required string Id { get; init; }
    public required string Repository { get; init; }
    public long Version { get; init; }
    public required string SetBy { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset SetAt { get; init; }

    /// <summary>The one repository the policy governs: only an admin within it sets it.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<string> Repositories => [Repository];

    // '~' can never start a change id, so a policy stream can never collide with a change stream;
    // the repository is escaped because stream keys must not contain '/'.
    public static string StreamKey(string repository) => "~policy:" + Uri.EscapeDataString(repository);

    /// <summary>The policy a set leaves in force: what the projection stores and the write answers.</summary>
    public static RepositoryPolicy After(ReleasePolicyRulesSet set, string id, long version, DateTimeOffset recordedAt) =>
        new(set.Rules.Normalized(), id: id, repository: set.Repository, setBy: set.SetBy) { Version = version, Reason = set.Reason, SetAt = recordedAt };

    public ReleasePolicy ToContract() =>
        new(Repository, this) { HoldsBlockRelease = true, Version = Version, IsDefault = false, SetBy = SetBy, Reason = Reason, SetAt = SetAt };
}

public sealed partial class RepositoryPolicyProjection : SingleStreamProjection<RepositoryPolicy, string>
{
    // Only policy events: a change write must not even load a policy document.
    public RepositoryPolicyProjection()
    {
        IncludeType<ReleasePolicySet>();
        IncludeType<ReleasePolicyRulesSet>();
    }

    public override RepositoryPolicy? Evolve(RepositoryPolicy? snapshot, string id, IEvent e) => e.Data switch
    {
        ReleasePolicyRulesSet set => RepositoryPolicy.After(set, id, e.Version, e.Timestamp),
        ReleasePolicySet old => RepositoryPolicy.After(old.AsRulesSet(), id, e.Version, e.Timestamp),
        _ => snapshot,
    };
}
