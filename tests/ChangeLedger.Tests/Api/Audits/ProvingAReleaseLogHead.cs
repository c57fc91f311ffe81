using System.Security.Cryptography;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Tests.Api.Audits;

/// <summary>
/// The heads tree a ledger checkpoint signs: every repository's release-log head proves itself in it, and a head
/// whose size, root or repository was altered, or a proof bent, does not. The note carries the tree as one
/// extension line, which readers of notes without it ignore.
/// </summary>
public sealed class ProvingAReleaseLogHead
{
    private static ReleaseHead Head(int i) => new($"github.com/acme/repo-{i:D3}", i + 1, Convert.ToHexStringLower(SHA256.HashData([(byte)i])));

    private static RepositoryReleaseLog Log(ReleaseHead head, ReleaseHeadProof? proof) =>
        new(head.Repository, head.TreeSize, head.RootHash, "", 0, 0, [], [], Head: proof);

    [Fact]
    public void every_head_of_every_small_heads_tree_proves_itself_and_an_altered_one_does_not()
    {
        for (var n = 1; n <= 13; n++)
        {
            var heads = Enumerable.Range(0, n).Select(Head).Reverse().ToList();
            var tree = new ReleaseHeads.Tree(heads);
            (long, byte[])? signed = (n, tree.Root());
            foreach (var head in heads)
            {
                var proof = tree.Prove(head.Repository).ShouldNotBeNull();
                ReleaseHeads.Problem(signed, 7, Log(head, proof)).ShouldBeNull($"{head.Repository} of {n}");
                ReleaseHeads.Problem(signed, 7, Log(head with { TreeSize = head.TreeSize - 1 }, proof)).ShouldNotBeNull().ShouldContain("is not the head ledger checkpoint 7 commits to");
                ReleaseHeads.Problem(signed, 7, Log(head with { RootHash = new string('0', 64) }, proof)).ShouldNotBeNull();
                if (n > 1) ReleaseHeads.Problem(signed, 7, Log(head with { Repository = "github.com/acme/other" }, proof)).ShouldNotBeNull();
                ReleaseHeads.Problem(signed, 7, Log(head, proof with { Count = n + 1 })).ShouldNotBeNull("a proof for another number of heads");
                if (n > 1) ReleaseHeads.Problem(signed, 7, Log(head, proof with { Index = (proof.Index + 1) % n })).ShouldNotBeNull("a proof at another index");
            }
            ReleaseHeads.Problem(signed, 7, Log(heads[0], null)).ShouldNotBeNull().ShouldContain("carries no proof");
            ReleaseHeads.Problem(null, 7, Log(heads[0], null)).ShouldBeNull("a checkpoint taken before heads were committed checks none");
            tree.Prove("github.com/acme/unknown").ShouldBeNull();
        }
    }

    [Fact]
    public void the_note_carries_the_heads_tree_in_an_extension_line()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var tree = new ReleaseHeads.Tree([Head(1), Head(2), Head(3)]);
        var text = SignedNote.Sign(SignedNote.Body("example.test/ledger", 42, new byte[32]) + ReleaseHeads.Line(tree.Count, tree.Root()), "example.test/ledger", key);

        var note = SignedNote.Parse(text).ShouldNotBeNull();

        SignedNote.Verify(note, "example.test/ledger", key).ShouldBeTrue();
        note.TreeSize.ShouldBe(42);
        text.Split('\n')[3].ShouldBe($"release-heads 3 {Convert.ToBase64String(tree.Root())}");
        var (count, root) = ReleaseHeads.Committed(note).ShouldNotBeNull();
        (count, Convert.ToHexStringLower(root)).ShouldBe((3, Convert.ToHexStringLower(tree.Root())));
        ReleaseHeads.Committed(SignedNote.Parse(SignedNote.Sign(SignedNote.Body("example.test/ledger", 42, new byte[32]), "example.test/ledger", key))!).ShouldBeNull();
    }
}
