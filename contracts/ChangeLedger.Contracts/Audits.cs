using System.Text.Json.Serialization;

namespace ChangeLedger.Contracts;

/// <summary>What an audit covered: releases to one environment recorded in [From, To), of the repositories named (patterns, as scopes read them).</summary>
/// <param name="Repositories">The repository names or patterns asked for; empty means every repository the key sees.</param>
/// <param name="Environment">The environment the releases went to.</param>
/// <param name="From">Start of the period, by the ledger's recording time (inclusive).</param>
/// <param name="To">End of the period, by the ledger's recording time (exclusive).</param>
/// <param name="Sample">How many releases the sample draws; absent, none is drawn.</param>
/// <param name="Seed">The seed the sample was drawn with.</param>
/// <param name="Since">The ledger sequence of an earlier audit: each release log then carries its consistency proof from its size at that sequence.</param>
public sealed record AuditQuery(IReadOnlyList<string> Repositories, string Environment, DateTimeOffset From, DateTimeOffset To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Sample = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Seed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Since = null);

/// <summary>How many releases a rule applied to (it was in their stored verdict) and how many met it there.</summary>
/// <param name="Rule">The rule as verdicts name it, without the part after ':' (required-check:unit is counted under required-check).</param>
/// <param name="Applied">Releases whose recorded verdict held the rule.</param>
/// <param name="Met">Of those, releases whose verdict passed it (every instance of it, e.g. every required check).</param>
/// <param name="Share">Met / Applied, rounded to four decimals; null when the rule applied to none.</param>
public sealed record AuditRuleRate(string Rule, long Applied, long Met, double? Share);

/// <summary>The figures of one repository, or of all of them.</summary>
/// <param name="Repository">The repository; null on the total.</param>
/// <param name="Releases">Releases recorded in the period.</param>
/// <param name="ThroughTheGate">Releases whose recorded verdict was ready.</param>
/// <param name="Overridden">Releases made by an override of a verdict that was not ready.</param>
/// <param name="OutsideTheGate">Deployments reported as facts whose verdict was not ready.</param>
/// <param name="WithoutVerdict">Releases that point to no recorded verdict (none are written today; kept so an old ledger's are counted, not hidden).</param>
/// <param name="OpenIncidentsAtRelease">Releases whose verdict recorded an open incident in the environment.</param>
/// <param name="FirstReleases">Releases that were the change's first to the environment: the ones lead time is measured on.</param>
/// <param name="MedianLeadTimeSeconds">Median, over first releases, of the time from the proposal's recording to the release's recording.</param>
/// <param name="Rules">Per rule family, how many releases it applied to and how many met it, from their stored verdicts.</param>
public sealed record AuditFigures(
    string? Repository,
    long Releases,
    long ThroughTheGate,
    long Overridden,
    long OutsideTheGate,
    long WithoutVerdict,
    long OpenIncidentsAtRelease,
    long FirstReleases,
    double? MedianLeadTimeSeconds,
    IReadOnlyList<AuditRuleRate> Rules);

/// <summary>
/// A release that met a rule only by override or not at all. Kind: overridden, outside-the-gate or without-verdict.
/// Trail is the change's trail (every event, both clocks, its hash chain); EventVersion is the release in it.
/// </summary>
public sealed record AuditException(
    string ChangeId,
    string Repository,
    string Kind,
    long Sequence,
    long EventVersion,
    long? VerdictVersion,
    DateTimeOffset RecordedAt,
    string ReleasedBy,
    string Version,
    IReadOnlyList<string> FailedRules,
    IReadOnlyList<string> OpenIncidents,
    ReleaseOverride? Override,
    string Trail);

/// <summary>
/// One release of the audit, in the ledger's order (so in the order of its repository's release log); Kind is null when
/// it went through the gate. Hash (the event's chain hash) and LogTime make it its release log's leaf.
/// </summary>
public sealed record AuditRelease(string ChangeId, string Repository, long EventVersion, long Sequence, DateTimeOffset RecordedAt, string? Kind, string Version, string ReleasedBy,
    string Hash, DateTimeOffset LogTime);

/// <summary>One release of the sample: its place in the draw (the key it was ordered by) and its trail.</summary>
public sealed record AuditSampled(string ChangeId, string Repository, long EventVersion, long Sequence, DateTimeOffset RecordedAt, string DrawKey, string Trail);

/// <summary>A sample drawn from every release of the audit, and how anyone draws it again.</summary>
public sealed record AuditSample(int Size, string Seed, string Procedure, IReadOnlyList<AuditSampled> Releases);

/// <summary>
/// An audit of releases to one environment over a period: per repository and in total, how many went through the gate,
/// how often each rule was met, who overrode it and why, and each exception with its trail. Every figure is read from
/// the verdicts and releases the ledger stored when they happened, never decided again under today's policy.
/// HighWaterMark is the newest event sequence of the snapshot it read. Releases lists every release audited, and
/// Completeness proves that list is exactly the releases of the period in each repository's signed release log, and
/// Manifest signs (DSSE, <see cref="AuditManifest"/>) the digest of everything else, its counts and the logs' roots.
/// </summary>
public sealed record AuditReport(
    string Type,
    AuditQuery Query,
    DateTimeOffset GeneratedAt,
    long HighWaterMark,
    AuditFigures Total,
    IReadOnlyList<AuditFigures> Repositories,
    IReadOnlyList<AuditException> Exceptions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AuditSample? Sample = null,
    IReadOnlyList<AuditRelease>? Releases = null,
    Integrity.AuditCompleteness? Completeness = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Integrity.DsseEnvelope? Manifest = null)
{
    public const string ReportType = "changeledger-audit/v2";
}

/// <summary>A release log's root as the manifest signs it.</summary>
public sealed record AuditLogRoot(string Repository, long TreeSize, string RootHash, long Start, long End);

/// <summary>
/// What the ledger signs about an audit report: the SHA-256 of the report's bytes as the ledger streamed them, up to
/// its manifest member (the last one), its counts, the ledger checkpoint and each release log's root — a small statement, however many
/// releases the report holds.
/// </summary>
public sealed record AuditManifest(string Type, AuditQuery Query, string Sha256, long Releases, long Exceptions, long LedgerTreeSize, long LedgerSequence,
    IReadOnlyList<AuditLogRoot> Logs, string KeyId)
{
    public const string PayloadType = "application/vnd.changeledger.audit-manifest+json";
}
