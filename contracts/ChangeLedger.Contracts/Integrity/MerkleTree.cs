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

    public void Add(string streamId, long version, string hash)
    {
        var leaf = SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes($"{streamId}\n{version.ToString(CultureInfo.InvariantCulture)}\n{hash}")]);
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

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);
}
