namespace ChangeLedger.Contracts;

/// <summary>The query an export answered, as recorded in its manifest, so the same request can be made again.</summary>
public sealed record ExportQuery(DateTimeOffset? From, DateTimeOffset To, string? Repository, string Format);

/// <summary>
/// The closing statement of an export: how many rows, for which query, and the SHA-256 of every byte before the
/// manifest (for CSV: the header row and the data rows). NDJSON carries it as its last line, CSV as a sidecar.
/// </summary>
public sealed record ExportManifest(string Type, string Export, ExportQuery Query, long Rows, string Sha256);

/// <summary>What one person owned or approved in a period.</summary>
public sealed record PersonChange(
    string ChangeId,
    string? Repository,
    string? Title,
    ChangeStatus? Status,
    IReadOnlyList<OwnedSpell> Owned,
    IReadOnlyList<Approval> Approvals);

/// <summary>A stretch of time a person was a change's accountable owner; Until is null while they still are.</summary>
public sealed record OwnedSpell(DateTimeOffset From, DateTimeOffset? Until, long FromVersion, long? UntilVersion);

public sealed record Approval(string Commit, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, long Version);

public sealed record PersonChanges(string Person, DateTimeOffset? Since, DateTimeOffset? Until, IReadOnlyList<PersonChange> Changes);
