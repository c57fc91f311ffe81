using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>
/// One leaf of a repository's release log: a <c>change_released</c> event (its stream, version and chain hash), the
/// environment it went to, and its log time: the latest recording time of any release of the repository up to it in the
/// log's order, so log times never go down and a period is a contiguous run of leaves.
/// </summary>
public sealed record ReleaseLeaf(string ChangeId, long Version, string Hash, string Environment, DateTimeOffset LogTime);

/// <summary>A leaf of a release log at its index: a boundary of the period, or a release in it to another environment than the audited one.</summary>
public sealed record PlacedLeaf(long Index, ReleaseLeaf Leaf);

/// <summary>
/// That a repository's release log extends the one of <c>FromTreeSize</c> leaves (its size at the ledger sequence an
/// earlier audit was computed at, <c>since</c>): the RFC 9162 consistency proof, hex.
/// </summary>
public sealed record ReleaseLogConsistency(long FromTreeSize, IReadOnlyList<string> Proof);

/// <summary>
/// A repository's release log as of the ledger checkpoint an audit was computed at: its size, root and the C2SP signed
/// note over it (origin <c>{ledger origin}/releases/{repository}</c>, signed by the ledger's key under the ledger's
/// origin). <c>Head</c>, when the ledger checkpoint commits to release-log heads (<see cref="ReleaseHeads"/>), proves
/// that this size and root are the repository's head in it. Leaves [Start, End) are the ones whose log time falls in the audit's period. The report proves them with
/// the leaves [Start - 1, End + 1) (clipped to the log): the releases it lists, plus <c>Leaves</c>, the two boundary
/// leaves and any release of the range to another environment; and <c>RangeProof</c>, the hashes (hex) that with those
/// leaves give the root (<see cref="MerkleRange"/>). Nothing of the log outside the period is listed.
/// </summary>
public sealed record RepositoryReleaseLog(string Repository, long TreeSize, string RootHash, string Note, long Start, long End,
    IReadOnlyList<PlacedLeaf> Leaves, IReadOnlyList<string> RangeProof,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] ReleaseLogConsistency? Consistency = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] ReleaseHeadProof? Head = null);

/// <summary>What proves an audit complete: the whole-ledger checkpoint it was computed at, and each repository's release log as of it.</summary>
public sealed record AuditCompleteness(long LedgerTreeSize, long LedgerSequence, string LedgerCheckpoint, IReadOnlyList<RepositoryReleaseLog> Logs);

/// <summary>
/// The per-repository release logs: RFC 6962 trees (<see cref="MerkleLog"/>) over release leaves, and the offline check
/// of an audit report against them. leaf = SHA-256(0x00 || UTF-8("changeId\nversion\nhash\nenvironment\nlogTime")),
/// logTime as yyyy-MM-ddTHH:mm:ss.fffffffZ.
/// </summary>
public static class ReleaseLog
{
    public static string Origin(string ledgerOrigin, string repository) => $"{ledgerOrigin}/releases/{repository}";

    public static byte[] Leaf(ReleaseLeaf leaf) =>
        SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes(
            $"{leaf.ChangeId}\n{leaf.Version.ToString(CultureInfo.InvariantCulture)}\n{leaf.Hash}\n{leaf.Environment}\n{Time(leaf.LogTime)}")]);

    public static string Root(IReadOnlyList<ReleaseLeaf> leaves, int size) =>
        Convert.ToHexStringLower(MerkleLog.Root([.. leaves.Take(size).Select(Leaf)], 0, size));

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Everything wrong with a report, offline: the manifest's signature and digest, each checkpoint note's signature,
    /// and for each release log that the leaves [Start - 1, End + 1) the report shows (its releases and its placed
    /// leaves) with its range proof give the signed root, that exactly [Start, End) have log times in the period and that
    /// the releases listed are exactly the leaves there of the audited environment; when the ledger checkpoint commits to
    /// release-log heads, that each log's size and root are its repository's head there. With a later report of the same
    /// repositories asked with <c>since</c> = this report's ledger sequence (<paramref name="current"/>), that the later
    /// report proves itself too, that each log only grew since (its consistency proof from this report's size to this
    /// report's root) and that no release recorded since fell into the audited period.
    /// </summary>
    public static IReadOnlyList<string> Problems(AuditReport report, string text, ECDsa key, (AuditReport Report, string Text)? current = null)
    {
        var problems = new List<string>();
        if (report.Completeness is not { } proof) return ["The report carries no completeness proof."];
        if (Manifest(report, text, key) is { } unsigned) return [unsigned];
        var ledger = SignedNote.Parse(proof.LedgerCheckpoint);
        if (ledger is null || !SignedNote.Verify(ledger, ledger.Origin, key) || ledger.TreeSize != proof.LedgerTreeSize)
            return ["The ledger checkpoint's note does not verify with this key."];
        var heads = ReleaseHeads.Committed(ledger);
        var listed = (report.Releases ?? []).ToLookup(r => r.Repository, StringComparer.Ordinal);
        var later = current is { } c ? Problems(c.Report, c.Text, key) : [];
        problems.AddRange(later.Select(p => "the later report: " + p));
        foreach (var log in proof.Logs)
        {
            var where = log.Repository;
            var note = SignedNote.Parse(log.Note);
            if (note is null || note.Origin != Origin(ledger.Origin, log.Repository) || !SignedNote.Verify(note, ledger.Origin, key))
            {
                problems.Add($"{where}: the release log's checkpoint note does not verify with this key.");
                continue;
            }
            if (note.TreeSize != log.TreeSize || note.RootHex != log.RootHash)
            {
                problems.Add($"{where}: the log's size and root are not the ones its note signs.");
                continue;
            }
            if (ReleaseHeads.Problem(heads, proof.LedgerTreeSize, log) is { } head) problems.Add($"{where}: {head}");
            var (first, leaves, wrong) = Known(report, log, listed[log.Repository].ToList());
            problems.AddRange(wrong.Select(p => $"{where}: {p}"));
            if (wrong.Count > 0) continue;
            var root = MerkleRange.Root(log.TreeSize, first, [.. leaves.Select(l => Leaf(l!))], [.. log.RangeProof.Select(Convert.FromHexString)]);
            if (root is null || Convert.ToHexStringLower(root) != log.RootHash)
                problems.Add($"{where}: the leaves [{first}, {first + leaves.Length}) and the range proof do not hash to the signed root of {note.TreeSize} leaves.");
            for (var i = 0; i < leaves.Length; i++)
            {
                var index = first + i;
                var inPeriod = leaves[i]!.LogTime >= report.Query.From && leaves[i]!.LogTime < report.Query.To;
                if (inPeriod != (index >= log.Start && index < log.End)) problems.Add($"{where}: leaf {index} is {(inPeriod ? "in" : "outside")} the period but the range is [{log.Start}, {log.End}).");
                if (i > 0 && leaves[i]!.LogTime < leaves[i - 1]!.LogTime) problems.Add($"{where}: leaf {index}'s log time goes back.");
            }
            if ((report.Repositories.FirstOrDefault(f => f.Repository == log.Repository)?.Releases ?? 0) != listed[log.Repository].Count())
                problems.Add($"{where}: the figures do not count the releases listed.");
            if (current is { } now && later.Count == 0) problems.AddRange(Consistent(report, log, now.Report));
        }
        foreach (var repository in listed.Select(g => g.Key).Where(r => proof.Logs.All(l => l.Repository != r)))
            problems.Add($"{repository}: releases are listed without the repository's release log.");
        if (report.Total.Releases != (report.Releases ?? []).Count) problems.Add("The total does not count the releases listed.");
        return problems;
    }

    /// <summary>
    /// The leaves [Start - 1, End + 1) of a log (clipped to it) as the report shows them: its placed leaves where they
    /// stand, and the releases it lists of the repository, in order, in the period's other places.
    /// </summary>
    private static (long First, ReleaseLeaf?[] Leaves, List<string> Problems) Known(AuditReport report, RepositoryReleaseLog log, List<AuditRelease> listed)
    {
        var problems = new List<string>();
        if (log.Start < 0 || log.Start > log.End || log.End > log.TreeSize) return (0, [], [$"the range [{log.Start}, {log.End}) is not within the log's {log.TreeSize} leaves."]);
        var (first, last) = (Math.Max(0, log.Start - 1), Math.Min(log.TreeSize, log.End + 1));
        var leaves = new ReleaseLeaf?[last - first];
        foreach (var placed in log.Leaves)
        {
            if (placed.Index < first || placed.Index >= last || leaves[placed.Index - first] is not null) problems.Add($"leaf {placed.Index} is not one of the range's leaves [{first}, {last}).");
            else if (placed.Index >= log.Start && placed.Index < log.End && placed.Leaf.Environment == report.Query.Environment)
                problems.Add($"the releases listed are not exactly the log's releases to {report.Query.Environment} in the period (leaf {placed.Index} is not listed).");
            else leaves[placed.Index - first] = placed.Leaf;
        }
        var next = 0;
        for (var index = log.Start; index < log.End && next < listed.Count; index++)
            if (leaves[index - first] is null)
            {
                var r = listed[next++];
                leaves[index - first] = new ReleaseLeaf(r.ChangeId, r.EventVersion, r.Hash, report.Query.Environment, r.LogTime);
            }
        if (next != listed.Count || leaves.Any(l => l is null))
            problems.Add($"the releases listed are not exactly the log's releases to {report.Query.Environment} in the period.");
        return (first, leaves, problems);
    }

    /// <summary>The marker before the manifest: the digest covers every byte of the report before its last occurrence.</summary>
    public const string ManifestMember = ",\"manifest\":";

    /// <summary>SHA-256 (hex) of the report's UTF-8 bytes as the ledger wrote them, up to the manifest member: what the manifest signs.</summary>
    public static string Digest(string reportText)
    {
        var at = reportText.LastIndexOf(ManifestMember, StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(at < 0 ? reportText : reportText[..at])));
    }

    private static readonly System.Text.Json.JsonSerializerOptions ManifestJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static string? Manifest(AuditReport report, string text, ECDsa key)
    {
        if (report.Manifest is not { } envelope || envelope.PayloadType != AuditManifest.PayloadType) return "The report carries no signed manifest.";
        if (!Dsse.Verify(envelope, _ => key)) return "The manifest's signature does not verify with this key.";
        var manifest = System.Text.Json.JsonSerializer.Deserialize<AuditManifest>(envelope.PayloadBytes(), ManifestJson)!;
        if (manifest.Sha256 != Digest(text)) return "The report was changed after the ledger signed it: its digest is not the manifest's.";
        if (manifest.Releases != (report.Releases ?? []).Count || manifest.Exceptions != report.Exceptions.Count) return "The report's counts are not the manifest's.";
        var roots = report.Completeness!.Logs.Select(l => new AuditLogRoot(l.Repository, l.TreeSize, l.RootHash, l.Start, l.End));
        return roots.SequenceEqual(manifest.Logs) ? null : "The report's release logs are not the ones the manifest signs.";
    }

    private static IEnumerable<string> Consistent(AuditReport report, RepositoryReleaseLog log, AuditReport current)
    {
        var later = current.Completeness?.Logs.FirstOrDefault(l => l.Repository == log.Repository);
        if (later is null)
        {
            yield return $"{log.Repository}: the later report carries no release log of the repository.";
            yield break;
        }
        if (later.Consistency is not { } consistency)
        {
            yield return $"{log.Repository}: the later report carries no consistency proof; ask it with since={report.Completeness!.LedgerSequence}.";
            yield break;
        }
        if (consistency.FromTreeSize != log.TreeSize || !MerkleRange.Consistent(log.TreeSize, later.TreeSize, Convert.FromHexString(log.RootHash),
                Convert.FromHexString(later.RootHash), [.. consistency.Proof.Select(Convert.FromHexString)]))
        {
            yield return $"{log.Repository}: the release log did not only grow: its first {log.TreeSize} leaves are not the ones this report proved (a release was removed or changed).";
            yield break;
        }
        if (log.End >= later.TreeSize) yield break;
        var (first, leaves, _) = Known(current, later, (current.Releases ?? []).Where(r => r.Repository == log.Repository).ToList());
        var next = log.End - first;
        if (next < 0 || next >= leaves.Length || leaves[next] is not { } leaf)
            yield return $"{log.Repository}: the later report does not show leaf {log.End}; ask it for a period that covers this report's end.";
        else if (leaf.LogTime < report.Query.To)
            yield return $"{log.Repository}: a release recorded after the audit falls into its period (leaf {log.End}, log time {Time(leaf.LogTime)}).";
    }
}
