using System.Security.Cryptography;
using System.Text;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Tests.Api.Audits;

/// <summary>
/// The compact proofs an audit carries: the leaves [a, b) of a tree and their range proof give the same root as all
/// of its leaves; the consistency proof of a smaller tree checks against the larger one and not against another;
/// and the frontier, fed leaf by leaf, roots as the whole list does. Checked exhaustively on small trees.
/// </summary>
public sealed class ProvingARangeOfALog
{
    private static List<byte[]> Leaves(int n, string salt = "") =>
        [.. Enumerable.Range(0, n).Select(i => SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}leaf {i}")))];

    [Fact]
    public void every_range_of_every_small_tree_proves_its_root_and_nothing_else()
    {
        for (var n = 1; n <= 19; n++)
        {
            var leaves = Leaves(n);
            var root = MerkleLog.Root(leaves, 0, n);
            for (var a = 0; a <= n; a++)
                for (var b = a; b <= n; b++)
                {
                    var proof = MerkleRange.Proof(n, a, b, (lo, size) => MerkleLog.Root(leaves, (int)lo, (int)size));
                    var known = leaves.GetRange(a, b - a);
                    MerkleRange.Root(n, a, known, proof).ShouldBe(root, $"n={n} [{a},{b})");
                    proof.Count.ShouldBeLessThanOrEqualTo(2 * (int)Math.Ceiling(Math.Log2(n) + 1), $"n={n} [{a},{b}) is compact");
                    if (known.Count > 0)
                    {
                        var forged = known.ToList();
                        forged[^1] = SHA256.HashData(Encoding.UTF8.GetBytes("forged"));
                        MerkleRange.Root(n, a, forged, proof).ShouldNotBe(root);
                        MerkleRange.Root(n, a, known.Skip(1).ToList(), proof).ShouldNotBe(root, "a leaf left out");
                    }
                }
        }
    }

    [Fact]
    public void a_consistency_proof_holds_between_a_tree_and_its_growth_only()
    {
        for (var n = 1; n <= 19; n++)
        {
            var leaves = Leaves(n);
            for (var m = 1; m <= n; m++)
            {
                var proof = MerkleRange.ConsistencyProof(m, n, (lo, size) => MerkleLog.Root(leaves, (int)lo, (int)size));
                proof.Select(Convert.ToHexString).ShouldBe(MerkleLog.Consistency(leaves, m, n).Select(Convert.ToHexString), $"m={m} n={n}");
                MerkleRange.Consistent(m, n, MerkleLog.Root(leaves, 0, m), MerkleLog.Root(leaves, 0, n), proof).ShouldBeTrue($"m={m} n={n}");
                var other = Leaves(m, "other ");
                if (m < n) MerkleRange.Consistent(m, n, MerkleLog.Root(other, 0, m), MerkleLog.Root(leaves, 0, n), proof).ShouldBeFalse($"m={m} n={n} from another tree");
            }
        }
    }

    [Fact]
    public void the_frontier_roots_as_the_whole_list_does()
    {
        var leaves = Leaves(40);
        var frontier = new MerkleFrontier();
        for (var n = 1; n <= leaves.Count; n++)
        {
            frontier.Add(leaves[n - 1]);
            frontier.Root().ShouldBe(MerkleLog.Root(leaves, 0, n));
        }
    }
}
