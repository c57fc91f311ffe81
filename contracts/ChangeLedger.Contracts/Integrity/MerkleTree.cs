using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>
/// The Merkle tree hash of RFC 6962 (§2.1) over stream heads, built incrementally: leaves arrive in order and only
/// one pending subtree per height is kept, so millions of streams take O(log n) memory.
/// leaf = SHA-256(0x00 || "streamId\nversion\nhash"), node = SHA-256(0x01 || left || right); empty tree = SHA-256("").
/// </summary>
public sealed class MerkleTree
{
    private readonly List<(byte[] Hash, int Height)> _stack = [];

    public long Leaves { get; private set; }

    public void Add(string streamId, long version, string hash) =>
        Add(SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes($"{streamId}\n{version.ToString(CultureInfo.InvariantCulture)}\n{hash}")]));

    /// <summary>Adds a leaf hashed already (a release log's, <see cref="ReleaseLog.Leaf"/>).</summary>
    public void Add(byte[] leaf)
    {
        _stack.Add((leaf, 0));
        Leaves++;
        while (_stack.Count >= 2 && _stack[^1].Height == _stack[^2].Height)
        {
            var (right, left) = (_stack[^1], _stack[^2]);
            _stack.RemoveRange(_stack.Count - 2, 2);
            _stack.Add((Node(left.Hash, right.Hash), left.Height + 1));
        }
    }

    /// <summary>Folding the pending subtrees right to left gives RFC 6962's split at the largest power of two.</summary>
    public string Root()
    {
        if (_stack.Count == 0) return Convert.ToHexStringLower(SHA256.HashData([]));
        var acc = _stack[^1].Hash;
        for (var i = _stack.Count - 2; i >= 0; i--) acc = Node(_stack[i].Hash, acc);
        return Convert.ToHexStringLower(acc);
    }

    /// <summary>The pending subtrees' roots (hex), largest first: with <see cref="Leaves"/>, all a later checkpoint needs to go on from this tree.</summary>
    public IReadOnlyList<string> Frontier() => [.. _stack.Select(s => Convert.ToHexStringLower(s.Hash))];

    /// <summary>
    /// The tree of <paramref name="leaves"/> leaves again from its <see cref="Frontier"/>, to add leaves after them; null
    /// when the frontier cannot be that tree's (its pending subtrees are the set bits of the size, largest first).
    /// </summary>
    public static MerkleTree? Resume(long leaves, IReadOnlyList<string> frontier)
    {
        var heights = Enumerable.Range(0, 63).Reverse().Where(h => (leaves >> h & 1) == 1).ToList();
        if (leaves < 0 || heights.Count != frontier.Count || frontier.Any(h => h.Length != 64 || !h.All(char.IsAsciiHexDigit))) return null;
        var tree = new MerkleTree { Leaves = leaves };
        for (var i = 0; i < heights.Count; i++) tree._stack.Add((Convert.FromHexString(frontier[i]), heights[i]));
        return tree;
    }

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);
}
