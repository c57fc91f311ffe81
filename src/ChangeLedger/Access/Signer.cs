using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Access;

/// <summary>An admin registered a key that may sign attestations (DSSE envelopes) for these repositories.</summary>
public sealed record SignerRegistered(
    string KeyId,
    string Algorithm,
    string PublicKeyPem,
    IReadOnlyList<string> Repositories,
    string By,
    string Reason,
    DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>An admin changed the repositories a signer may sign for; the key itself never changes.</summary>
public sealed record SignerChanged(string KeyId, IReadOnlyList<string> Repositories, string By, string Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>An admin revoked a signer: from then on nothing it signs is accepted. A revoked key id is never registered again.</summary>
public sealed record SignerRevoked(string KeyId, string By, string Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>A signer as it stands: one stream per key id, so who registered it, changed it and revoked it, and why, is an audit trail.</summary>
public sealed record Signer(
    string Id,
    string KeyId,
    string Algorithm,
    string PublicKeyPem,
    IReadOnlyList<string> Repositories,
    long Version,
    string ChangedBy,
    string Reason,
    DateTimeOffset ChangedAt,
    bool Revoked) : IAdminManaged
{
    // '~' never starts a change id, so signer streams cannot collide with change streams (like ~trust: and ~key:).
    public static string StreamKey(string keyId) => "~signer:" + keyId;

    public bool SignsFor(string repository) => new RepositoryScope(Repositories).Matches(repository);

    public bool Verifies(byte[] data, byte[] signature) => SignerKeys.Verify(Algorithm, PublicKeyPem, data, signature);
}

public sealed partial class SignerProjection : SingleStreamProjection<Signer, string>
{
    public SignerProjection()
    {
        IncludeType<SignerRegistered>();
        IncludeType<SignerChanged>();
        IncludeType<SignerRevoked>();
    }

    public override Signer? Evolve(Signer? signer, string id, IEvent e) => (signer, e.Data) switch
    {
        (null, SignerRegistered r) => new Signer(id, r.KeyId, r.Algorithm, r.PublicKeyPem, r.Repositories, e.Version, r.By, r.Reason, e.Timestamp, false),
        (not null, SignerChanged c) => signer with { Repositories = c.Repositories, Version = e.Version, ChangedBy = c.By, Reason = c.Reason, ChangedAt = e.Timestamp },
        (not null, SignerRevoked r) => signer with { Version = e.Version, ChangedBy = r.By, Reason = r.Reason, ChangedAt = e.Timestamp, Revoked = true },
        _ => signer,
    };
}

/// <summary>
/// The public keys a signer may have and how each checks a signature: ECDSA P-256 with SHA-256 (DER, as OpenSSL, Go
/// and securesystemslib write it, or the 64-byte r‖s form of WebCrypto and JOSE) and Ed25519 (RFC 8032).
/// </summary>
public static class SignerKeys
{
    public const string EcdsaP256 = "ecdsa-p256";
    public const string Ed25519 = "ed25519";

    /// <summary>The algorithm of a PEM public key, or the reason it is not one a signer may have.</summary>
    public static (string? Algorithm, string? Problem) Read(string pem)
    {
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal)) return (null, "'publicKeyPem' holds a private key; register the public key only.");
        if (NSec.Cryptography.PublicKey.TryImport(NSec.Cryptography.SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem.Trim()),
                NSec.Cryptography.KeyBlobFormat.PkixPublicKeyText, out _))
            return (Ed25519, null);
        using var ecdsa = ECDsa.Create();
        try { ecdsa.ImportFromPem(pem); }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return (null, "'publicKeyPem' is not a PEM public key (-----BEGIN PUBLIC KEY-----) of ECDSA P-256 or Ed25519.");
        }
        return ecdsa.KeySize == 256 && ecdsa.ExportParameters(false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value
            ? (EcdsaP256, null)
            : (null, $"'publicKeyPem' is an ECDSA key of {ecdsa.KeySize} bits; a signer's ECDSA key is P-256.");
    }

    /// <summary>The key as a normalised PEM (SubjectPublicKeyInfo), so one key is stored in one spelling.</summary>
    public static string Normalise(string algorithm, string pem)
    {
        if (algorithm == Ed25519)
        {
            var key = NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem.Trim()),
                NSec.Cryptography.KeyBlobFormat.PkixPublicKeyText);
            return Encoding.ASCII.GetString(key.Export(NSec.Cryptography.KeyBlobFormat.PkixPublicKeyText)).Trim();
        }
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        return ecdsa.ExportSubjectPublicKeyInfoPem();
    }

    public static bool Verify(string algorithm, string pem, byte[] data, byte[] signature)
    {
        if (algorithm == Ed25519)
        {
            var key = NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem.Trim()),
                NSec.Cryptography.KeyBlobFormat.PkixPublicKeyText);
            return NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(key, data, signature);
        }
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            || (signature.Length == 64 && ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }
}
