using System.Security.Cryptography;
using System.Text;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Integrity;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Integrity;

/// <summary>
/// Inclusion and consistency proofs, checked here with the verification algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2,
/// written from the RFC and sharing no code with the service.
/// </summary>
public sealed class ProvingTheLog(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task an_event_is_proven_in_the_checkpointed_log_and_a_later_checkpoint_is_proven_to_extend_an_earlier_one()
    {
        foreach (var id in new[] { "proof-1", "proof-2", "proof-3" })
            await (await app.Post("/v1/changes", Requests.Human(id))).ShouldHaveStatus(201);
        var first = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        await (await app.Post("/v1/changes/proof-2/ownership", new TransferOwnershipRequest("bob", "carol", "handover"))).ShouldHaveStatus(201);
        foreach (var id in new[] { "proof-4", "proof-5" })
            await (await app.Post("/v1/changes", Requests.Human(id))).ShouldHaveStatus(201);
        var second = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        var key = await app.Get<PublicKey.PublicKeyAnswer>("/v1/integrity/public-key");
        var handover = (await app.Get<AuditTrail>("/v1/changes/proof-2/trail")).Events.Single(e => e.Version == 2);

        var inclusion = await app.Get<InclusionProof>($"/v1/integrity/proof?event={handover.Sequence}");
        var consistency = await app.Get<ConsistencyProof>($"/v1/integrity/consistency?from={first.TreeSize}&to={second.TreeSize}");

        using var publicKey = Signing.PublicKey(key.PublicKeyPem);
        var (_, secondSize, secondRoot) = TrustedCheckpoint(second.Note, publicKey);
        var (_, firstSize, firstRoot) = TrustedCheckpoint(first.Note, publicKey);
        var leaf = SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes($"proof-2\n2\n{handover.Hash}")]);
        inclusion.Checkpoint.ShouldBe(second.Note);
        VerifyInclusion(inclusion.LeafIndex, secondSize, leaf, inclusion.AuditPath.Select(Convert.FromHexString).ToList(), secondRoot).ShouldBeTrue();
        VerifyConsistency(firstSize, secondSize, firstRoot, secondRoot, consistency.Proof.Select(Convert.FromHexString).ToList()).ShouldBeTrue();
        consistency.FromCheckpoint.ShouldBe(first.Note);

        // The verifiers can fail: a path with one hash changed, or a leaf claimed at another index, proves nothing.
        var bent = inclusion.AuditPath.Select(Convert.FromHexString).ToList();
        bent[0][0] ^= 1;
        VerifyInclusion(inclusion.LeafIndex, secondSize, leaf, bent, secondRoot).ShouldBeFalse();
        VerifyInclusion(inclusion.LeafIndex + 1, secondSize, leaf, inclusion.AuditPath.Select(Convert.FromHexString).ToList(), secondRoot).ShouldBeFalse();
        VerifyConsistency(firstSize, secondSize, secondRoot, secondRoot, consistency.Proof.Select(Convert.FromHexString).ToList()).ShouldBeFalse();
    }

    [Fact]
    public async Task a_proof_for_an_event_no_checkpoint_covers_yet_is_refused_with_the_reason()
    {
        await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("proof-late"))).ShouldHaveStatus(201);
        var late = (await app.Get<AuditTrail>("/v1/changes/proof-late/trail")).Events.Single();

        var response = await app.Client.GetAsync($"/v1/integrity/proof?event={late.Sequence}");

        await response.ShouldHaveStatus(404);
        (await response.Content.ReadAsStringAsync()).ShouldContain("not-yet-checkpointed");
    }

    [Fact]
    public void every_leaf_of_every_tree_up_to_33_leaves_and_every_pair_of_sizes_verifies_by_the_rfc()
    {
        var leaves = Enumerable.Range(0, 33).Select(i => MerkleLog.Leaf("s", i, $"h{i}")).ToList();
        for (var n = 1; n <= leaves.Count; n++)
        {
            var root = MerkleLog.Root(leaves, 0, n);
            for (var m = 0; m < n; m++)
                VerifyInclusion(m, n, leaves[m], MerkleLog.Inclusion(leaves, m, n), root).ShouldBeTrue($"leaf {m} of {n}");
            for (var m = 1; m < n; m++)
                VerifyConsistency(m, n, MerkleLog.Root(leaves, 0, m), root, MerkleLog.Consistency(leaves, m, n)).ShouldBeTrue($"{m} to {n}");
        }
    }

    /// <summary>Reads a C2SP checkpoint note and checks its ECDSA (type 0x02) signature line: key hash = SHA-256(SPKI)[:4].</summary>
    private static (string Origin, long Size, byte[] Root) TrustedCheckpoint(string note, ECDsa key)
    {
        var parts = note.Split("\n\n");
        var text = parts[0] + "\n";
        var lines = parts[0].Split('\n');
        var signature = parts[1].TrimEnd('\n');
        signature.ShouldStartWith($"\u2014 {lines[0]} ");
        var raw = Convert.FromBase64String(signature.Split(' ')[2]);
        raw[..4].ShouldBe(SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..4]);
        key.VerifyData(Encoding.UTF8.GetBytes(text), raw[4..], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).ShouldBeTrue();
        return (lines[0], long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture), Convert.FromBase64String(lines[2]));
    }

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>RFC 9162 §2.1.3.2.</summary>
    private static bool VerifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root)
    {
        if (leafIndex >= treeSize) return false;
        long fn = leafIndex, sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else r = Node(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2.</summary>
    private static bool VerifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> path)
    {
        if (path.Count == 0 || first >= second) return false;
        if ((first & (first - 1)) == 0) path = [firstHash, .. path];
        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1) { fn >>= 1; sn >>= 1; }
        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Node(c, fr);
                sr = Node(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else sr = Node(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return fr.AsSpan().SequenceEqual(firstHash) && sr.AsSpan().SequenceEqual(secondHash) && sn == 0;
    }
}
