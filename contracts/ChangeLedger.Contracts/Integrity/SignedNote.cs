using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>A checkpoint read back from its signed note: origin, tree size, root hash, and the note's text and signatures.</summary>
public sealed record CheckpointNote(string Origin, long TreeSize, byte[] RootHash, string Text, IReadOnlyList<(string Name, byte[] KeyHash, byte[] Signature)> Signatures)
{
    public string RootHex => Convert.ToHexStringLower(RootHash);
}

/// <summary>
/// Checkpoints as C2SP tlog-checkpoint in a C2SP signed note: the text "origin\nsize\nbase64(root)\n", a blank line,
/// and one line "— name base64(key hash || signature)" per signature. The ledger signs with signature type 0x02
/// (ECDSA P-256, SHA-256, DER-encoded signature over the note text), whose 4-byte key hash is the start of SHA-256 over
/// the key's DER SubjectPublicKeyInfo; the key name is the log's origin.
/// </summary>
public static class SignedNote
{
    private const string Dash = "\u2014 ";

    public static string Body(string origin, long treeSize, byte[] root) =>
        $"{origin}\n{treeSize.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(root)}\n";

    public static byte[] KeyHash(ECDsa key) => SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..4];

    public static string Sign(string body, string keyName, ECDsa key)
    {
        var signature = key.SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return $"{body}\n{Dash}{keyName} {Convert.ToBase64String([.. KeyHash(key), .. signature])}\n";
    }

    /// <summary>Reads a checkpoint note; null when it is not one (no blank line before signatures, a bad size or root).</summary>
    public static CheckpointNote? Parse(string note)
    {
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n')) return null;
        var text = note[..(split + 1)];
        var lines = text.Split('\n');
        if (lines.Length < 4 || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)) return null;
        byte[] root;
        try { root = Convert.FromBase64String(lines[2]); } catch (FormatException) { return null; }
        if (root.Length != 32) return null;
        var signatures = new List<(string, byte[], byte[])>();
        foreach (var line in note[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.StartsWith(Dash, StringComparison.Ordinal) ? line[Dash.Length..].Split(' ') : [];
            if (parts.Length != 2) return null;
            byte[] raw;
            try { raw = Convert.FromBase64String(parts[1]); } catch (FormatException) { return null; }
            if (raw.Length <= 4) return null;
            signatures.Add((parts[0], raw[..4], raw[4..]));
        }
        return new CheckpointNote(lines[0], size, root, text, signatures);
    }

    /// <summary>True when the note carries a signature by this key under this name, and it verifies.</summary>
    public static bool Verify(CheckpointNote note, string keyName, ECDsa key)
    {
        var hash = KeyHash(key);
        var mine = note.Signatures.Where(s => s.Name == keyName && s.KeyHash.AsSpan().SequenceEqual(hash)).ToList();
        return mine.Count > 0 && mine.All(s => key.VerifyData(Encoding.UTF8.GetBytes(note.Text), s.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }
}
