namespace ChangeLedger.Contracts;

public sealed record IssueKeyRequest(string? Name, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Repositories, DateTimeOffset? ExpiresAt = null);

/// <summary>A key as listed: never its secret, never its hash.</summary>
public sealed record KeyInfo(
    string KeyId,
    string Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Repositories,
    string IssuedBy,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpiresAt,
    string? RevokedBy,
    string? RevokeReason,
    DateTimeOffset? RevokedAt);

/// <summary>The answer to issuing a key. <see cref="Key"/> is shown this once and cannot be recovered.</summary>
public sealed record IssuedKey(string Key, KeyInfo Info);
