using System.Text;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Tests.Decisions;

public sealed class CanonicalHashing
{
    [Theory]
    [InlineData("{ \"b\": 1, \"a\": [true, null, \"x\"] }", "{\"a\":[true,null,\"x\"],\"b\":1}")]
    [InlineData("{\"n\": 1.0, \"m\": 1e3, \"k\": -0}", "{\"k\":0,\"m\":1000,\"n\":1}")]
    [InlineData("{\"s\": \"caf\\u00e9 \\\"q\\\" \\/ \\n\\u0001\"}", "{\"s\":\"café \\\"q\\\" / \\n\\u0001\"}")]
    [InlineData("{\"B\": 1, \"a\": 2, \"aa\": 3}", "{\"B\":1,\"a\":2,\"aa\":3}")]
    public void json_is_canonicalized_with_sorted_members_no_whitespace_and_fixed_numbers_and_strings(string json, string canonical) =>
        Encoding.UTF8.GetString(CanonicalJson.Encode(json)).ShouldBe(canonical);

    [Fact]
    public void the_same_event_hashes_the_same_however_its_json_was_laid_out()
    {
        var input = new ChainInput(null, "payments-482", 1, "change_proposed", "2026-11-25T12:00:00.0000000Z", "ci-bot");

        EventHash.Compute(input, "{\"owner\":\"alice\",\"changeId\":\"payments-482\"}")
            .ShouldBe(EventHash.Compute(input, "{ \"changeId\" : \"payments-482\", \"owner\" : \"alice\" }"));
        EventHash.Compute(input, "{\"owner\":\"alice\"}").ShouldNotBe(EventHash.Compute(input with { Version = 2 }, "{\"owner\":\"alice\"}"));
    }

    [Fact]
    public void the_merkle_root_follows_rfc_6962_for_an_uneven_number_of_leaves()
    {
        static byte[] Leaf(string s) => System.Security.Cryptography.SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes(s)]);
        static byte[] Node(byte[] l, byte[] r) => System.Security.Cryptography.SHA256.HashData([0x01, .. l, .. r]);
        var tree = new MerkleTree();
        foreach (var i in new[] { 1, 2, 3 }) tree.Add($"s{i}", i, $"h{i}");

        // RFC 6962: three leaves split as (first two) and (third).
        var expected = Node(Node(Leaf("s1\n1\nh1"), Leaf("s2\n2\nh2")), Leaf("s3\n3\nh3"));
        tree.Root().ShouldBe(Convert.ToHexStringLower(expected));
    }
}
