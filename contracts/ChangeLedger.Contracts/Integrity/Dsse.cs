using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>One signature of a DSSE envelope: the signing key's id and the signature, base64.</summary>
public sealed record DsseSignature([property: JsonPropertyName("keyid")] string KeyId, [property: JsonPropertyName("sig")] string Sig);

/// <summary>A DSSE envelope (Dead Simple Signing Envelope v1): the payload in base64, its type, and signatures over PAE(type, payload).</summary>
public sealed record DsseEnvelope(
    [property: JsonPropertyName("payloadType")] string PayloadType,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signatures")] IReadOnlyList<DsseSignature> Signatures)
{
    public byte[] PayloadBytes() => Convert.FromBase64String(Payload);
}

/// <summary>
/// DSSE v1. The signature covers the pre-authentication encoding, never the JSON around it:
/// PAE(type, body) = "DSSEv1" SP len(type) SP type SP len(body) SP body, lengths as ASCII decimal byte counts.
/// Signatures are ECDSA P-256 with SHA-256, DER-encoded (RFC 3279): the encoding of securesystemslib's
/// ecdsa-sha2-nistp256 scheme, OpenSSL and Go's crypto/ecdsa.
/// </summary>
public static class Dsse
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    public static byte[] Pae(string payloadType, byte[] body)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        return [.. Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} "), .. type, .. Encoding.ASCII.GetBytes($" {body.Length} "), .. body];
    }

    public static DsseEnvelope Sign(ECDsa key, string keyId, string payloadType, byte[] body) =>
        new(payloadType, Convert.ToBase64String(body),
            [new DsseSignature(keyId, Convert.ToBase64String(key.SignData(Pae(payloadType, body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)))]);

    /// <summary>True when at least one signature is by a key the resolver knows and verifies; a known key whose signature fails is a failure.</summary>
    public static bool Verify(DsseEnvelope envelope, Func<string, ECDsa?> keys)
    {
        byte[] body;
        try { body = envelope.PayloadBytes(); }
        catch (FormatException) { return false; }
        var pae = Pae(envelope.PayloadType, body);
        var verified = false;
        Span<byte> raw = stackalloc byte[256];
        foreach (var signature in envelope.Signatures ?? [])
        {
            if (keys(signature.KeyId) is not { } key) continue;
            if (!Convert.TryFromBase64String(signature.Sig, raw, out var length)
                || !key.VerifyData(pae, raw[..length], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)) return false;
            verified = true;
        }
        return verified;
    }
}
