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

/// <summary>
/// A repository's release log as of the ledger checkpoint an audit was computed at: every leaf (TreeSize of them), the
/// root, and the C2SP signed note over it (origin <c>{ledger origin}/releases/{repository}</c>, signed by the ledger's
/// key under the ledger's origin). Leaves [Start, End) are the ones whose log time falls in the audit's period.
/// </summary>
public sealed record RepositoryReleaseLog(string Repository, long TreeSize, string RootHash, string Note, long Start, long End, IReadOnlyList<ReleaseLeaf> Leaves);

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
    /// Everything wrong with a report, offline: each checkpoint note's signature, each log's root and size, that its
    /// period is exactly leaves [Start, End) and that the releases the report lists are exactly the leaves there of the
    /// audited environment; with a later report (<paramref name="current"/>), that each log only grew since (its first
    /// TreeSize leaves hash to the same root) and that no release recorded since fell into the audited period.
    /// </summary>
    public static IReadOnlyList<string> Problems(AuditReport report, string text, ECDsa key, AuditReport? current = null)
    {
        var problems = new List<string>();
        if (report.Completeness is not { } proof) return ["The report carries no completeness proof."];
        if (Manifest(report, text, key) is { } unsigned) return [unsigned];
        var ledger = SignedNote.Parse(proof.LedgerCheckpoint);
        if (ledger is null || !SignedNote.Verify(ledger, ledger.Origin, key) || ledger.TreeSize != proof.LedgerTreeSize)
            return ["The ledger checkpoint's note does not verify with this key."];
        var listed = (report.Releases ?? []).ToLookup(r => r.Repository, StringComparer.Ordinal);
        foreach (var log in proof.Logs)
        {
            var where = log.Repository;
            var note = SignedNote.Parse(log.Note);
            if (note is null || note.Origin != Origin(ledger.Origin, log.Repository) || !SignedNote.Verify(note, ledger.Origin, key))
            {
                problems.Add($"{where}: the release log's checkpoint note does not verify with this key.");
                continue;
            }
            if (note.TreeSize != log.TreeSize || log.Leaves.Count != log.TreeSize || note.RootHex != log.RootHash || Root(log.Leaves, log.Leaves.Count) != log.RootHash)
                problems.Add($"{where}: the leaves do not hash to the signed root of {note.TreeSize} leaves.");
            for (var i = 0; i < log.Leaves.Count; i++)
            {
                var inPeriod = log.Leaves[i].LogTime >= report.Query.From && log.Leaves[i].LogTime < report.Query.To;
                if (inPeriod != (i >= log.Start && i < log.End)) problems.Add($"{where}: leaf {i} is {(inPeriod ? "in" : "outside")} the period but the range is [{log.Start}, {log.End}).");
                if (i > 0 && log.Leaves[i].LogTime < log.Leaves[i - 1].LogTime) problems.Add($"{where}: leaf {i}'s log time goes back.");
            }
            var expected = log.Leaves.Skip((int)log.Start).Take((int)(log.End - log.Start)).Where(l => l.Environment == report.Query.Environment).Select(l => (l.ChangeId, l.Version));
            if (!expected.SequenceEqual(listed[log.Repository].Select(r => (r.ChangeId, r.EventVersion))))
                problems.Add($"{where}: the releases listed are not exactly the log's releases to {report.Query.Environment} in the period.");
            if ((report.Repositories.FirstOrDefault(f => f.Repository == log.Repository)?.Releases ?? 0) != listed[log.Repository].Count())
                problems.Add($"{where}: the figures do not count the releases listed.");
            if (current is not null) problems.AddRange(Consistent(report, log, current, key, ledger.Origin));
        }
        foreach (var repository in listed.Select(g => g.Key).Where(r => proof.Logs.All(l => l.Repository != r)))
            problems.Add($"{repository}: releases are listed without the repository's release log.");
        if (report.Total.Releases != (report.Releases ?? []).Count) problems.Add("The total does not count the releases listed.");
        return problems;
    }

    /// <summary>SHA-256 (hex) of the report's RFC 8785 canonical JSON without its manifest member: what the manifest signs.</summary>
    public static string Digest(string reportJson)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(reportJson)!.AsObject();
        node.Remove("manifest");
        using var document = System.Text.Json.JsonDocument.Parse(node.ToJsonString());
        return Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Encode(document.RootElement)));
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

    private static IEnumerable<string> Consistent(AuditReport report, RepositoryReleaseLog log, AuditReport current, ECDsa key, string ledgerOrigin)
    {
        var later = current.Completeness?.Logs.FirstOrDefault(l => l.Repository == log.Repository);
        if (later is null || SignedNote.Parse(later.Note) is not { } note || !SignedNote.Verify(note, ledgerOrigin, key) || note.RootHex != later.RootHash
            || Root(later.Leaves, later.Leaves.Count) != later.RootHash)
        {
            yield return $"{log.Repository}: the later report carries no verifiable release log of the repository.";
            yield break;
        }
        if (later.TreeSize < log.TreeSize || Root(later.Leaves, (int)log.TreeSize) != log.RootHash)
            yield return $"{log.Repository}: the release log did not only grow: its first {log.TreeSize} leaves now hash to another root (a release was removed or changed).";
        else if (log.End < later.Leaves.Count && later.Leaves[(int)log.End].LogTime < report.Query.To)
            yield return $"{log.Repository}: a release recorded after the audit falls into its period (leaf {log.End}, log time {Time(later.Leaves[(int)log.End].LogTime)}).";
    }
}
