using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>Artifacts are named by the digest of their content, one spelling only: sha256: and 64 lower-case hex digits.</summary>
public static class ArtifactDigest
{
    public const string Prefix = "sha256:";
    public const int MaxArtifacts = 100;

    public static bool IsValid(string? digest) =>
        digest is { Length: 71 } && digest.StartsWith(Prefix, StringComparison.Ordinal) && digest[Prefix.Length..].All(char.IsAsciiHexDigitLower);

    public static string Spelling => "A digest is 'sha256:' followed by 64 lower-case hex digits.";

    public static Validation Artifacts(this Validation v, string field, IReadOnlyList<ArtifactBody>? artifacts)
    {
        if (artifacts is null) return v;
        v.Rule(artifacts.Count <= MaxArtifacts, field, $"'{field}' has at most {MaxArtifacts} items; it has {artifacts.Count}.");
        for (var i = 0; i < artifacts.Count && i < MaxArtifacts; i++)
        {
            if (artifacts[i] is not { } a) { v.Add($"{field}[{i}]", $"'{field}[{i}]' is an object: {{\"name\": ..., \"digest\": \"sha256:...\"}}."); continue; }
            v.Optional($"{field}[{i}].name", a.Name, 300)
                .Required($"{field}[{i}].digest", a.Digest, 71)
                .Rule(a.Digest is null || IsValid(a.Digest), $"{field}[{i}].digest", Spelling);
        }
        var digests = artifacts.Where(a => a?.Digest is not null).Select(a => a.Digest).ToList();
        return v.Rule(digests.Distinct(StringComparer.Ordinal).Count() == digests.Count, field, "Each artifact digest appears once in a release.");
    }
}
