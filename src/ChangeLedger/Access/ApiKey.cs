using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Access;

/// <summary>A key was issued: who issued it, to whom, with which roles and repository scopes. Never the secret.</summary>
public sealed record ApiKeyIssued(
    string KeyId,
    string Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Repositories,
    string SecretHash,
    string IssuedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => IssuedBy;
}

public sealed record ApiKeyRevoked(string KeyId, string RevokedBy, string Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => RevokedBy;
}

/// <summary>A key as the ledger knows it: one stream per key, so its whole history is an audit trail too.</summary>
public sealed record ApiKey(
    string Id,
    string KeyId,
    string Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Repositories,
    string SecretHash,
    string IssuedBy,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpiresAt,
    string? RevokedBy,
    string? RevokeReason,
    DateTimeOffset? RevokedAt) : IAdminManaged
{
    // '~' never starts a change id, so key streams cannot collide with change streams.
    public static string StreamKey(string keyId) => "~key:" + keyId;

    public bool IsUsableAt(DateTimeOffset moment) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > moment);
}

public sealed partial class ApiKeyProjection : SingleStreamProjection<ApiKey, string>
{
    // Only key events: a change or policy write must not even load a key document.
    public ApiKeyProjection()
    {
        IncludeType<ApiKeyIssued>();
        IncludeType<ApiKeyRevoked>();
    }

    public override ApiKey? Evolve(ApiKey? key, string id, IEvent e) => (key, e.Data) switch
    {
        (null, ApiKeyIssued i) => new ApiKey(id, i.KeyId, i.Name, i.Roles, i.Repositories, i.SecretHash, i.IssuedBy, e.Timestamp, i.ExpiresAt, null, null, null),
        (not null, ApiKeyRevoked r) => key with { RevokedBy = r.RevokedBy, RevokeReason = r.Reason, RevokedAt = e.Timestamp },
        _ => key,
    };
}
