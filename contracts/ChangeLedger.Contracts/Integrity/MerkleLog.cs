using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>
/// RFC 6962 / RFC 9162 §2.1 over a list of leaf hashes: the tree head of any prefix, the audit path of a leaf and the
/// consistency proof between two sizes, each defined recursively by splitting at the largest power of two below n.
/// A ledger event's leaf is SHA-256(0x00 || UTF-8("streamId\nversion\nhash")).
/// </summary>
public static class MerkleLog
{
    public static byte[] Leaf(string streamId, long version, string hash) =>
        SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes($"{streamId}\n{version.ToString(CultureInfo.InvariantCulture)}\n{hash}")]);

    public static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[start:start+n]).</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves, int start, int n)
    {
        if (n == 0) return SHA256.HashData([]);
        if (n == 1) return leaves[start];
        var k = Split(n);
        return Node(Root(leaves, start, k), Root(leaves, start + k, n - k));
    }

    /// <summary>PATH(m, D[0:n]).</summary>
    public static List<byte[]> Inclusion(IReadOnlyList<byte[]> leaves, int m, int n)
    {
        var path = new List<byte[]>();
        Path(leaves, m, 0, n, path);
        return path;
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int m, int start, int n, List<byte[]> path)
    {
        if (n <= 1) return;
        var k = Split(n);
        if (m < k) { Path(leaves, m, start, k, path); path.Add(Root(leaves, start + k, n - k)); }
        else { Path(leaves, m - k, start + k, n - k, path); path.Add(Root(leaves, start, k)); }
    }

    /// <summary>PROOF(m, D[0:n]) for 0 &lt; m &lt;= n.</summary>
    public static List<byte[]> Consistency(IReadOnlyList<byte[]> leaves, int m, int n)
    {
        var proof = new List<byte[]>();
        if (m > 0 && m < n) SubProof(leaves, m, 0, n, true, proof);
        return proof;
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, int m, int start, int n, bool whole, List<byte[]> proof)
    {
        if (m == n)
        {
            if (!whole) proof.Add(Root(leaves, start, n));
            return;
        }
        var k = Split(n);
        if (m <= k) { SubProof(leaves, m, start, k, whole, proof); proof.Add(Root(leaves, start + k, n - k)); }
        else { SubProof(leaves, m - k, start + k, n - k, false, proof); proof.Add(Root(leaves, start, k)); }
    }

    private static int Split(int n)
    {
        var k = 1;
        while (k << 1 < n) k <<= 1;
        return k;
    }
}
