using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>A repository's release log as a whole-ledger checkpoint commits to it: its size and root (hex).</summary>
public sealed record ReleaseHead(string Repository, long TreeSize, string RootHash);

/// <summary>
/// That a release log's head is the one the ledger checkpoint commits to: its index among the checkpoint's <c>Count</c>
/// heads and the range proof (<see cref="MerkleRange"/>, hex) of that one leaf of the heads tree.
/// </summary>
public sealed record ReleaseHeadProof(long Index, long Count, IReadOnlyList<string> Proof);

/// <summary>
/// The heads tree: an RFC 6962 tree over every repository's release-log head at a checkpoint, sorted by repository
/// (ordinal), leaf = SHA-256(0x00 || UTF-8("repository\ntreeSize\nrootHash")), rootHash in lowercase hex. A ledger
/// checkpoint signs its size and root in an extension line of its note, <c>release-heads &lt;count&gt; &lt;base64 root&gt;</c>,
/// so one signature (and every witness of it) binds the whole-ledger log and each repository's release log.
/// </summary>
public static class ReleaseHeads
{
    public const string Extension = "release-heads";

    public static byte[] Leaf(ReleaseHead head) =>
        SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes($"{head.Repository}\n{head.TreeSize.ToString(CultureInfo.InvariantCulture)}\n{head.RootHash}")]);

    /// <summary>The note's extension line for a heads tree.</summary>
    public static string Line(long count, byte[] root) => $"{Extension} {count.ToString(CultureInfo.InvariantCulture)} {Convert.ToBase64String(root)}\n";

    /// <summary>The heads tree a checkpoint note commits to; null for a checkpoint taken before checkpoints committed to heads.</summary>
    public static (long Count, byte[] Root)? Committed(CheckpointNote note)
    {
        foreach (var line in note.Text.Split('\n').Skip(3))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || parts[0] != Extension || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)) continue;
            try { return Convert.FromBase64String(parts[2]) is { Length: 32 } root ? (count, root) : null; }
            catch (FormatException) { return null; }
        }
        return null;
    }

    /// <summary>
    /// What is wrong with a release log's head against the checkpoint's heads tree: nothing when the checkpoint commits to
    /// none (taken before it did, <paramref name="committed"/> null), or when its proof gives the signed root.
    /// </summary>
    public static string? Problem((long Count, byte[] Root)? committed, long ledgerTreeSize, RepositoryReleaseLog log)
    {
        if (committed is not { } heads) return null;
        if (log.Head is not { } head)
            return $"the report carries no proof that the release log's head is the one ledger checkpoint {ledgerTreeSize} commits to.";
        var leaf = Leaf(new ReleaseHead(log.Repository, log.TreeSize, log.RootHash));
        var root = head.Count == heads.Count ? MerkleRange.Root(head.Count, head.Index, [leaf], [.. head.Proof.Select(Convert.FromHexString)]) : null;
        return root is not null && root.AsSpan().SequenceEqual(heads.Root) ? null
            : $"the release log of {log.TreeSize} leaves (root {log.RootHash}) is not the head ledger checkpoint {ledgerTreeSize} commits to: " +
              "a release of it was inserted, removed or changed after the checkpoint was taken.";
    }

    /// <summary>The heads tree of one checkpoint, to take its root and prove each head in it.</summary>
    public sealed class Tree
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<byte[]> _leaves = [];
        // Proofs of many heads share their upper nodes: each subtree is hashed once, so proving every head costs n log n.
        private readonly Dictionary<(long, long), byte[]> _nodes = [];

        public Tree(IEnumerable<ReleaseHead> heads)
        {
            foreach (var head in heads.OrderBy(h => h.Repository, StringComparer.Ordinal))
            {
                _index[head.Repository] = _leaves.Count;
                _leaves.Add(Leaf(head));
            }
        }

        public long Count => _leaves.Count;

        public byte[] Root() => MerkleLog.Root(_leaves, 0, _leaves.Count);

        public ReleaseHeadProof? Prove(string repository) =>
            _index.TryGetValue(repository, out var i)
                ? new ReleaseHeadProof(i, Count, [.. MerkleRange.Proof(Count, i, i + 1, Subtree).Select(Convert.ToHexStringLower)])
                : null;

        private byte[] Subtree(long lo, long size)
        {
            if (!_nodes.TryGetValue((lo, size), out var hash)) _nodes[(lo, size)] = hash = MerkleLog.Root(_leaves, (int)lo, (int)size);
            return hash;
        }
    }
}
