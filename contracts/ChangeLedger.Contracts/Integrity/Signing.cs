using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>
/// ECDSA P-256 with SHA-256 over the canonical JSON of a statement, signature DER-encoded (RFC 3279) in base64, the
/// form OpenSSL and most libraries read. The statement is signed without its own "signature" member.
/// </summary>
public static class Signing
{
    public static string Sign(ECDsa key, JsonElement statement) =>
        Convert.ToBase64String(key.SignData(CanonicalJson.Encode(statement), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public static bool Verify(ECDsa key, JsonElement statement, string signature)
    {
        Span<byte> raw = stackalloc byte[256];
        return Convert.TryFromBase64String(signature, raw, out var length)
            && key.VerifyData(CanonicalJson.Encode(statement), raw[..length], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public static ECDsa PublicKey(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key;
    }

    /// <summary>Names a key without revealing anything: SHA-256 of its SubjectPublicKeyInfo, hex, first 16 characters.</summary>
    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    public static JsonElement Statement(object value, JsonSerializerOptions json) => JsonSerializer.SerializeToElement(value, value.GetType(), json);

    public static string Text(JsonElement e) => Encoding.UTF8.GetString(CanonicalJson.Encode(e));
}
