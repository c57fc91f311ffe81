using System.Security.Cryptography;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Integrity;

/// <summary>
/// The ECDSA P-256 key the ledger signs with now, and the public halves of the keys it signed with before.
/// The current key: Integrity:SigningKeyPem (a PKCS#8 or SEC1 PEM, from a secret store in production), in force since
/// Integrity:SigningKeySince (or read from the file Integrity:SigningKeyFile names, a mounted secret); otherwise a key generated once and kept in {content root}/.local/integrity/signing-key.pem.
/// Retired keys: Integrity:RetiredKeys:{n}:PublicKeyPem with :From and :Until. Only public keys of retired keys are
/// configured, so a rotation never leaves an old private key where the service can use it.
/// </summary>
public sealed class SigningKey : IDisposable
{
    public const string Algorithm = "ECDSA P-256 SHA-256 (DER signature, base64)";

    private readonly List<(PublishedKey Published, ECDsa Key)> _retired = [];

    public ECDsa Key { get; }
    public string KeyId { get; }
    public string PublicKeyPem { get; }
    public string Source { get; }
    public DateTimeOffset? Since { get; }

    /// <summary>The log's origin line, which is also the key name of its checkpoint notes.</summary>
    public string Origin { get; }

    public SigningKey(Microsoft.Extensions.Options.IOptions<IntegritySettings> settings, IHostEnvironment environment)
        : this(settings.Value, environment.ContentRootPath) { }

    public SigningKey(IntegritySettings settings, string contentRoot)
    {
        Key = ECDsa.Create();
        if (settings.SigningKeyPem is { Length: > 0 } pem)
        {
            Import(Key, pem, "Integrity:SigningKeyPem");
            Source = "configuration (Integrity:SigningKeyPem)";
        }
        else if (settings.SigningKeyFile is { Length: > 0 } file)
        {
            string text;
            try { text = File.ReadAllText(file); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"Integrity:SigningKeyFile (Integrity__SigningKeyFile) '{file}' cannot be read: {ex.Message}");
            }
            Import(Key, text, "Integrity:SigningKeyFile");
            Source = file;
        }
        else
        {
            var path = Path.Combine(contentRoot, ".local", "integrity", "signing-key.pem");
            Key.ImportFromPem(LocalKey(path));
            Source = path;
        }
        if (Key.KeySize != 256) throw new InvalidOperationException($"The integrity signing key must be ECDSA P-256; it has {Key.KeySize} bits.");
        KeyId = Signing.KeyId(Key);
        PublicKeyPem = Key.ExportSubjectPublicKeyInfoPem();
        Since = settings.SigningKeySince;
        Origin = settings.LogOrigin is { Length: > 0 } origin ? origin : "changeledger.local/ledger";
        if (Origin.Any(c => c <= ' ' || c == '+')) throw new InvalidOperationException($"Integrity:LogOrigin '{Origin}' must not contain spaces, control characters or '+' (it is a signed note's key name).");

        for (var i = 0; i < settings.RetiredKeys.Count; i++)
        {
            var (entry, name) = (settings.RetiredKeys[i], $"Integrity:RetiredKeys:{i}");
            var key = ECDsa.Create();
            Import(key, entry.PublicKeyPem is { Length: > 0 } given ? given : throw new InvalidOperationException($"{name}:PublicKeyPem is missing."), $"{name}:PublicKeyPem", "a PEM public key");
            if (key.KeySize != 256) throw new InvalidOperationException($"{name} must be an ECDSA P-256 public key.");
            var until = entry.Until ?? throw new InvalidOperationException($"{name}:Until is missing: a retired key signed until a known moment.");
            var from = entry.From;
            var id = Signing.KeyId(key);
            if (id == KeyId) throw new InvalidOperationException($"{name} is the current signing key; a key is either current or retired.");
            if (Since is { } since && until > since) throw new InvalidOperationException($"{name} is retired until {until:O}, after the current key took over ({since:O}).");
            if (from is { } f && f > until) throw new InvalidOperationException($"{name}: From is after Until.");
            _retired.Add((new PublishedKey(id, Algorithm, key.ExportSubjectPublicKeyInfoPem(), from, until, false, NoteHash(key)), key));
        }
    }

    private static void Import(ECDsa key, string pem, string setting, string what = "a PEM ECDSA private key")
    {
        try { key.ImportFromPem(pem); }
        catch (Exception ex) when (ex is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{setting} is not {what}: {ex.Message}");
        }
    }

    /// <summary>Every key, newest first: the current one, then the retired ones by the end of their period.</summary>
    public IReadOnlyList<PublishedKey> Published =>
        [new PublishedKey(KeyId, Algorithm, PublicKeyPem, Since, null, true, NoteHash(Key)), .. _retired.Select(r => r.Published).OrderByDescending(p => p.Until)];

    /// <summary>The public key with this id, current or retired; null when the ledger never signed with it.</summary>
    public ECDsa? Find(string keyId) => keyId == KeyId ? Key : _retired.FirstOrDefault(r => r.Published.KeyId == keyId).Key;

    /// <summary>Whether a key signed within its period: a retired key's signature dated after its Until is not trusted.</summary>
    public bool InPeriod(string keyId, DateTimeOffset signedAt) =>
        keyId == KeyId || _retired.Any(r => r.Published.KeyId == keyId && r.Published.Until >= signedAt && (r.Published.From is null || r.Published.From <= signedAt));

    /// <summary>Verifies a signed note against every key, so checkpoints signed before a rotation still verify.</summary>
    public bool VerifyNote(CheckpointNote note) =>
        SignedNote.Verify(note, Origin, Key) || _retired.Any(r => SignedNote.Verify(note, Origin, r.Key));

    private static string NoteHash(ECDsa key) => Convert.ToHexStringLower(SignedNote.KeyHash(key));

    private static string LocalKey(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, fresh.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            // Two hosts starting at once may both generate; the first move wins and both then read the winner.
            try { File.Move(temp, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { File.Delete(temp); }
        }
        return File.ReadAllText(path);
    }

    public void Dispose()
    {
        Key.Dispose();
        foreach (var (_, key) in _retired) key.Dispose();
    }
}
