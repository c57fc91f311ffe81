using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Access;

/// <summary>An admin registered a trust rule: tokens of this issuer and audience whose claims match get these roles and repositories.</summary>
public sealed record TrustRuleCreated(
    string RuleId,
    string Issuer,
    string? Audience,
    IReadOnlyDictionary<string, string> Claims,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Repositories,
    string By,
    string Reason,
    DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>An admin changed a trust rule; the event carries the whole rule as it now stands.</summary>
public sealed record TrustRuleChanged(
    string RuleId,
    string Issuer,
    string? Audience,
    IReadOnlyDictionary<string, string> Claims,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Repositories,
    string By,
    string Reason,
    DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

public sealed record TrustRuleRemoved(string RuleId, string By, string Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>A trust rule as it stands: one stream per rule, so its history (who, when, why) is an audit trail.</summary>
public sealed record TrustRule(
    string Id,
    string RuleId,
    string Issuer,
    string? Audience,
    IReadOnlyDictionary<string, string> Claims,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Repositories,
    long Version,
    string ChangedBy,
    string Reason,
    DateTimeOffset ChangedAt,
    bool Removed) : IAdminManaged
{
    // '~' never starts a change id, so rule streams cannot collide with change streams (like ~key: and ~policy:).
    public static string StreamKey(string ruleId) => "~trust:" + ruleId;

    /// <summary>
    /// Whether a token's claims satisfy the rule: the audience (when the rule names one) is among the token's, and every
    /// condition's glob (the one rule of <see cref="RepositoryScope.Match"/>) matches some value of its claim.
    /// </summary>
    public bool Admits(IReadOnlyCollection<string> audiences, Func<string, IEnumerable<string>> claim) =>
        !Removed
        && (Audience is null || audiences.Contains(Audience, StringComparer.Ordinal))
        && Claims.All(c => claim(c.Key).Any(value => RepositoryScope.Match(c.Value, value)));

    /// <summary>
    /// The repositories the rule grants a token: the one its claims name when the issuer derives one (and only if the
    /// rule's patterns cover it), else the rule's patterns.
    /// </summary>
    public IReadOnlyList<string> Grants(string? derivedRepository, bool issuerDerives) =>
        !issuerDerives ? Repositories
        : derivedRepository is not null && new RepositoryScope(Repositories).Matches(derivedRepository) ? [derivedRepository]
        : [];
}

public sealed partial class TrustRuleProjection : SingleStreamProjection<TrustRule, string>
{
    // Only rule events: no other write loads a rule document.
    public TrustRuleProjection()
    {
        IncludeType<TrustRuleCreated>();
        IncludeType<TrustRuleChanged>();
        IncludeType<TrustRuleRemoved>();
    }

    public override TrustRule? Evolve(TrustRule? rule, string id, IEvent e) => (rule, e.Data) switch
    {
        (_, TrustRuleCreated c) => new TrustRule(id, c.RuleId, c.Issuer, c.Audience, c.Claims, c.Roles, c.Repositories, e.Version, c.By, c.Reason, e.Timestamp, false),
        (not null, TrustRuleChanged c) => rule with
        {
            Issuer = c.Issuer, Audience = c.Audience, Claims = c.Claims, Roles = c.Roles, Repositories = c.Repositories,
            Version = e.Version, ChangedBy = c.By, Reason = c.Reason, ChangedAt = e.Timestamp, Removed = false,
        },
        (not null, TrustRuleRemoved r) => rule with { Version = e.Version, ChangedBy = r.By, Reason = r.Reason, ChangedAt = e.Timestamp, Removed = true },
        _ => rule,
    };
}
