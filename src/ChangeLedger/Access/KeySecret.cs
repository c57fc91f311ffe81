using System.Security.Cryptography;
using System.Text;

namespace ChangeLedger.Access;

/// <summary>
/// An API key as a client holds it: <c>cl_&lt;id&gt;_&lt;secret&gt;</c>. Only a SHA-256 of the secret is stored. The
/// secret is 256 random bits, so a fast hash is enough: there is nothing to brute-force that a slow hash would
/// protect (unlike a password).
/// </summary>
public sealed record KeySecret(string KeyId, string Secret)
{
    public const string Prefix = "cl_";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public override string ToString() => $"{Prefix}{KeyId}_{Secret}";

    public string Hash() => HashOf(Secret);

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static KeySecret New() => new(Random(12), Random(52));

    public static bool TryParse(string? value, out KeySecret key)
    {
        key = null!;
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal) || value.Length > 200) return false;
        var parts = value[Prefix.Length..].Split('_');
        if (parts.Length != 2 || parts[0].Length is < 4 or > 64 || parts[1].Length < 16 || !parts.All(p => p.All(char.IsAsciiLetterOrDigit)))
            return false;
        key = new KeySecret(parts[0], parts[1]);
        return true;
    }

    /// <summary>Compares in constant time, so response timing says nothing about how much of a guess was right.</summary>
    public bool Matches(string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash()), Encoding.ASCII.GetBytes(storedHash));

    private static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
