using System.Security.Cryptography;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>
/// Proofs over an RFC 6962 tree that need only part of its leaves. A range proof lets a reader who holds the leaves
/// [a, b) of a tree of n leaves compute its root: it carries, in the order of a walk of the tree from its root (left
/// before right, split at the largest power of two below a node's size), the hash of every node that lies wholly
/// outside [a, b) and whose parent does not; at most about 2 log2(n) hashes, however many leaves the range holds.
/// The consistency proof is RFC 9162 §2.1.4's, and its check is §2.1.4.2's.
/// </summary>
public static class MerkleRange
{
    /// <summary>The range proof for [a, b) in a tree of n leaves; <paramref name="subtree"/>(lo, size) is MTH(D[lo:lo+size]).</summary>
    public static List<byte[]> Proof(long n, long a, long b, Func<long, long, byte[]> subtree)
    {
        var proof = new List<byte[]>();
        if (n > 0) Walk(0, n);
        return proof;

        void Walk(long lo, long size)
        {
            if (lo + size <= a || lo >= b) proof.Add(subtree(lo, size));
            else if (lo < a || lo + size > b)
            {
                var k = Split(size);
                Walk(lo, k);
                Walk(lo + k, size - k);
            }
        }
    }

    /// <summary>The root of a tree of n leaves from its leaves [a, a + known.Count) and their range proof; null when the proof does not fit.</summary>
    public static byte[]? Root(long n, long a, IReadOnlyList<byte[]> known, IReadOnlyList<byte[]> proof)
    {
        if (n == 0) return known.Count == 0 && proof.Count == 0 ? SHA256.HashData([]) : null;
        var b = a + known.Count;
        if (a < 0 || b > n) return null;
        var next = 0;
        var root = Hash(0, n);
        return next == proof.Count ? root : null;

        byte[]? Hash(long lo, long size)
        {
            if (lo + size <= a || lo >= b) return next < proof.Count ? proof[next++] : null;
            if (lo >= a && lo + size <= b) return Subtree(known, lo - a, size);
            var k = Split(size);
            var left = Hash(lo, k);
            var right = Hash(lo + k, size - k);
            return left is null || right is null ? null : MerkleLog.Node(left, right);
        }
    }

    /// <summary>PROOF(m, D[0:n]) for 0 &lt; m &lt; n; <paramref name="subtree"/>(lo, size) is MTH(D[lo:lo+size]).</summary>
    public static List<byte[]> ConsistencyProof(long m, long n, Func<long, long, byte[]> subtree)
    {
        var proof = new List<byte[]>();
        if (m > 0 && m < n) Sub(m, 0, n, true);
        return proof;

        void Sub(long mm, long lo, long size, bool whole)
        {
            if (mm == size)
            {
                if (!whole) proof.Add(subtree(lo, size));
                return;
            }
            var k = Split(size);
            if (mm <= k)
            {
                Sub(mm, lo, k, whole);
                proof.Add(subtree(lo + k, size - k));
            }
            else
            {
                Sub(mm - k, lo + k, size - k, false);
                proof.Add(subtree(lo, k));
            }
        }
    }

    /// <summary>RFC 9162 §2.1.4.2: does the tree of n leaves with root <paramref name="second"/> extend the one of m leaves with root <paramref name="first"/>?</summary>
    public static bool Consistent(long m, long n, byte[] first, byte[] second, IReadOnlyList<byte[]> proof)
    {
        if (m > n) return false;
        if (m == n) return proof.Count == 0 && first.AsSpan().SequenceEqual(second);
        if (m == 0) return proof.Count == 0;
        var path = (m & (m - 1)) == 0 ? [first, .. proof] : proof.ToList();
        if (path.Count == 0) return false;
        var (fn, sn) = (m - 1, n - 1);
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var (fr, sr) = (path[0], path[0]);
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleLog.Node(c, fr);
                sr = MerkleLog.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else sr = MerkleLog.Node(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(first) && sr.AsSpan().SequenceEqual(second);
    }

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, long start, long size)
    {
        if (size == 1) return leaves[(int)start];
        var k = Split(size);
        return MerkleLog.Node(Subtree(leaves, start, k), Subtree(leaves, start + k, size - k));
    }

    private static long Split(long n)
    {
        var k = 1L;
        while (k << 1 < n) k <<= 1;
        return k;
    }
}

/// <summary>
/// An RFC 6962 tree built leaf by leaf keeping only its frontier: one perfect subtree per set bit of its size (O(log n)
/// hashes), from which its root folds right to left. <see cref="Snapshot"/> keeps the frontier at a size, which holds
/// every node a range or consistency proof needs from the left of that size.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<(long Lo, long Size, byte[] Hash)> _nodes = [];

    public long Size { get; private set; }

    public void Add(byte[] leaf)
    {
        _nodes.Add((Size, 1, leaf));
        Size++;
        while (_nodes.Count >= 2 && _nodes[^1].Size == _nodes[^2].Size)
        {
            var (left, right) = (_nodes[^2], _nodes[^1]);
            _nodes.RemoveRange(_nodes.Count - 2, 2);
            _nodes.Add((left.Lo, left.Size * 2, MerkleLog.Node(left.Hash, right.Hash)));
        }
    }

    public byte[] Root()
    {
        if (_nodes.Count == 0) return SHA256.HashData([]);
        var acc = _nodes[^1].Hash;
        for (var i = _nodes.Count - 2; i >= 0; i--) acc = MerkleLog.Node(_nodes[i].Hash, acc);
        return acc;
    }

    public (long Lo, long Size, byte[] Hash)[] Snapshot() => [.. _nodes];
}
