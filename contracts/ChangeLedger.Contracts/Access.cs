namespace ChangeLedger.Contracts;

/// <summary>A new API key: what it may do, and where.</summary>
/// <param name="Name">What the key is for, e.g. payments-ci.</param>
/// <param name="Roles">Its roles; a key grants only roles its issuer holds.</param>
/// <param name="Repositories">Repository patterns it reaches, 1 to 50, e.g. github.com/acme/*.</param>
/// <param name="ExpiresAt">When it stops working; absent, it works until revoked.</param>
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
