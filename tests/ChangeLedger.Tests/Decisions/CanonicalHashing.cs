using System.Globalization;
using System.Text;
using System.Text.Json;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;

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

    /// <summary>The JSON Canonicalization Scheme's reference vectors and the RFC's Appendix B numbers (third-party data).</summary>
    private static string Vectors => Vendor.Folder("rfc8785");

    [SkippableTheory]
    [InlineData("arrays")]
    [InlineData("french")]
    [InlineData("structures")]
    [InlineData("unicode")]
    [InlineData("values")]
    [InlineData("weird")]
    public void the_rfc_8785_reference_inputs_canonicalise_to_their_reference_outputs_byte_for_byte(string name) =>
        CanonicalJson.Encode(File.ReadAllText(Path.Combine(Vectors, "input", name + ".json"))).ShouldBe(File.ReadAllBytes(Path.Combine(Vectors, "output", name + ".json")));

    [SkippableFact]
    public void numbers_are_written_as_rfc_8785_appendix_b_writes_them_and_nan_and_infinity_are_refused()
    {
        foreach (var line in File.ReadLines(Path.Combine(Vectors, "appendix-b.txt")).Where(l => !l.StartsWith('#')))
        {
            var (value, expected) = Sample(line);
            if (expected == "refused") Should.Throw<NotCanonicalException>(() => CanonicalJson.Number(value));
            else CanonicalJson.Number(value).ShouldBe(expected, $"bits {line}");
        }
    }

    [SkippableFact]
    public void twenty_thousand_numbers_of_the_reference_test_file_are_written_as_ecmascript_writes_them()
    {
        var wrong = File.ReadLines(Path.Combine(Vectors, "es6testfile20k.txt")).Select(Sample)
            .Where(s => CanonicalJson.Number(s.Value) != s.Expected).Take(5).ToList();
        wrong.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("1e-7", "1e-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("-0.0", "0")]
    [InlineData("4.50", "4.5")]
    [InlineData("123456789012345678901234567890", "1.2345678901234568e+29")]
    public void numbers_in_json_text_become_the_double_they_denote_written_the_ecmascript_way(string json, string canonical) =>
        Encoding.UTF8.GetString(CanonicalJson.Encode(json)).ShouldBe(canonical);

    [Fact]
    public void a_number_beyond_the_double_range_is_refused_and_found_by_its_path()
    {
        Should.Throw<NotCanonicalException>(() => CanonicalJson.Encode("{\"a\": 1E400}"));
        using var doc = JsonDocument.Parse("{\"a\": [1, {\"b\": -1e999}]}");
        CanonicalJson.FindUncanonical(doc.RootElement).ShouldBe("$.a[1].b");
    }

    [Fact]
    public void an_event_hashed_with_the_legacy_number_form_still_matches_and_nothing_else_does()
    {
        var input = new ChainInput(null, "payments-482", 1, "validation_recorded", "2026-11-25T12:00:00.0000000Z", "ci");
        using var doc = JsonDocument.Parse("{\"durationMs\": 9007199254740993, \"ratio\": 1e-7}");
        var legacyHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes("[null,\"payments-482\",1,\"validation_recorded\",{\"durationMs\":9007199254740993,\"ratio\":1e-07},\"2026-11-25T12:00:00.0000000Z\",\"ci\"]")));

        EventHash.Compute(input, doc.RootElement).ShouldNotBe(legacyHash);
        EventHash.Matches(input, doc.RootElement, legacyHash).ShouldBeTrue();
        EventHash.Matches(input, doc.RootElement, EventHash.Compute(input, doc.RootElement)).ShouldBeTrue();
        using var other = JsonDocument.Parse("{\"durationMs\": 9007199254740995, \"ratio\": 1e-7}");
        EventHash.Matches(input, other.RootElement, legacyHash).ShouldBeFalse();
    }

    private static (double Value, string Expected) Sample(string line)
    {
        var comma = line.IndexOf(',');
        return (BitConverter.Int64BitsToDouble(long.Parse(line[..comma], NumberStyles.HexNumber, CultureInfo.InvariantCulture)), line[(comma + 1)..]);
    }

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
