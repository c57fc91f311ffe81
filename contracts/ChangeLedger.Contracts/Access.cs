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

/// <summary>A trust rule: tokens of an issuer (and audience) whose claims match every condition get these roles, on these repositories.</summary>
/// <param name="Issuer">The issuer URL as in the tokens' iss claim; one of the configured issuers (Identity:Issuers).</param>
/// <param name="Audience">When set, the token's aud must include it.</param>
/// <param name="Claims">Conditions: claim name → glob pattern ('*' any run of characters), e.g. {"repository": "acme/payments", "ref": "refs/heads/main"}. At least one.</param>
/// <param name="Roles">The roles granted; an admin grants only roles it holds.</param>
/// <param name="Repositories">Repository patterns the rule may grant. For an issuer that derives the repository from the token, the token gets that one repository when a pattern covers it.</param>
/// <param name="Reason">Why the rule is created or changed: kept in the ledger.</param>
public sealed record TrustRuleRequest(
    string? Issuer,
    string? Audience,
    IReadOnlyDictionary<string, string>? Claims,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Repositories,
    string? Reason);

/// <summary>A trust rule as it stands, with who last changed it and why.</summary>
public sealed record TrustRuleInfo(
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
    bool Removed);

/// <summary>
/// A key registered to sign attestations (DSSE envelopes of in-toto Statements) for some repositories.
/// </summary>
/// <param name="PublicKeyPem">The public key as a PEM SubjectPublicKeyInfo (-----BEGIN PUBLIC KEY-----): ECDSA P-256 or Ed25519.</param>
/// <param name="Repositories">Repository patterns the key may sign attestations for, e.g. github.com/acme/*.</param>
/// <param name="Reason">Why the key is registered or its repositories changed: kept in the ledger.</param>
public sealed record SignerRequest(string? PublicKeyPem, IReadOnlyList<string>? Repositories, string? Reason);

/// <summary>A registered attestation signer as it stands, with who last changed it and why.</summary>
/// <param name="KeyId">The id signatures name in their keyid.</param>
/// <param name="Algorithm">ecdsa-p256 or ed25519.</param>
/// <param name="PublicKeyPem">The public key.</param>
/// <param name="Repositories">Repository patterns the key may sign for.</param>
/// <param name="Version">The version of the signer's stream.</param>
/// <param name="ChangedBy">Who registered, changed or revoked it last.</param>
/// <param name="Reason">Why.</param>
/// <param name="ChangedAt">When.</param>
/// <param name="Revoked">A revoked key signs nothing the ledger accepts from then on.</param>
public sealed record SignerInfo(
    string KeyId,
    string Algorithm,
    string PublicKeyPem,
    IReadOnlyList<string> Repositories,
    long Version,
    string ChangedBy,
    string Reason,
    DateTimeOffset ChangedAt,
    bool Revoked);
