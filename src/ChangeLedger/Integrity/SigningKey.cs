using System.Security.Cryptography;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Integrity;

/// <summary>
/// The ECDSA P-256 key checkpoints and exports are signed with: Integrity:SigningKeyPem (a PKCS#8 or SEC1 PEM) when
/// configured, which is what production does; otherwise a key generated once and kept in
/// {content root}/.local/integrity/signing-key.pem, so local runs sign consistently across restarts.
/// </summary>
public sealed class SigningKey : IDisposable
{
    public ECDsa Key { get; }
    public string KeyId { get; }
    public string PublicKeyPem { get; }
    public string Source { get; }

    public SigningKey(IConfiguration configuration, IHostEnvironment environment)
    {
        Key = ECDsa.Create();
        if (configuration["Integrity:SigningKeyPem"] is { Length: > 0 } pem)
        {
            Key.ImportFromPem(pem);
            Source = "configuration (Integrity:SigningKeyPem)";
        }
        else
        {
            var path = Path.Combine(environment.ContentRootPath, ".local", "integrity", "signing-key.pem");
            Key.ImportFromPem(LocalKey(path));
            Source = path;
        }
        if (Key.KeySize != 256) throw new InvalidOperationException($"The integrity signing key must be ECDSA P-256; it has {Key.KeySize} bits.");
        KeyId = Signing.KeyId(Key);
        PublicKeyPem = Key.ExportSubjectPublicKeyInfoPem();
    }

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

    public void Dispose() => Key.Dispose();
}
