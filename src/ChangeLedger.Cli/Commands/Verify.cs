using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger verify &lt;trail-export.ndjson&gt; --public-key &lt;key.pem&gt; — checks a trail export offline: every chain link,
/// the rows' hash and the manifest's signature. Needs no service. Only an NDJSON trail export carries what that takes
/// (hashes, chain heads, a signed manifest); any other file is named for what it is and refused with exit 2.
/// </summary>
public static class Verify
{
    public static Command Create(Common common)
    {
        var file = new Argument<FileInfo>("file") { Description = "A trail export (NDJSON) as GET /v1/exports/trail wrote it" };
        var publicKey = new Option<FileInfo>("--public-key")
        {
            Description = "The publicKeyPem of GET /v1/integrity/public-key saved to a file; after a key rotation, every publicKeyPem of GET /v1/integrity/keys, one after another in the file",
            Required = true,
        };

        var command = new Command("verify",
            "Verify a trail export offline against the ledger's public key; exit 0 intact, 3 not intact, 2 not a verifiable file")
        {
            file, publicKey,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (export, keyFile) = (parse.GetValue(file)!, parse.GetValue(publicKey)!);
            var output = common.Host.Out;
            var json = parse.GetValue(common.Json);
            async Task<int> Unverifiable(int exit, string error)
            {
                await common.Host.Error.WriteLineAsync("changeledger: " + error);
                if (json) await output.WriteLineAsync(JsonSerializer.Serialize(new VerifyAnswer(export.ToString(), false, 0, 0, [], [], error), LedgerClient.Json));
                return exit;
            }
            if (!export.Exists || !keyFile.Exists)
                return await Unverifiable(ExitCodes.NoInput, $"cannot read {(export.Exists ? keyFile.FullName : export.FullName)}");
            if (await Kind(export, ct) is { } notATrail)
                return await Unverifiable(ExitCodes.NotVerifiable, $"{export}: {notATrail}");
            var keys = new List<ECDsa>();
            try
            {
                var pem = await File.ReadAllTextAsync(keyFile.FullName, ct);
                const string end = "-----END PUBLIC KEY-----";
                var blocks = pem.Split(end, StringSplitOptions.RemoveEmptyEntries).Where(b => b.Contains("-----BEGIN", StringComparison.Ordinal)).ToList();
                if (blocks.Count == 0) blocks.Add(pem);
                foreach (var block in blocks)
                {
                    var key = ECDsa.Create();
                    keys.Add(key);
                    key.ImportFromPem(block.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal) ? block + end : block);
                }
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                foreach (var k in keys) k.Dispose();
                return await Unverifiable(ExitCodes.NotVerifiable, $"{keyFile}: not a public key PEM ({ex.Message})");
            }
            using var disposeKeys = new KeySet(keys);
            await using var stream = export.OpenRead();
            var report = await TrailFileVerifier.Verify(stream, keys, ct);

            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new VerifyAnswer(export.ToString(), report.Intact, report.Events, report.Lines,
                    [.. keys.Select(Signing.KeyId)], [.. report.Breaks.Select(b => new VerifyProblem(b.Line, b.Detail))]), LedgerClient.Json));
                return report.Intact ? ExitCodes.Ok : ExitCodes.NotIntact;
            }
            foreach (var problem in report.Breaks) await output.WriteLineAsync($"{export}:{problem.Line}: {problem.Detail}");
            await output.WriteLineAsync(report.Intact
                ? $"{export}: intact: {report.Events} events, every chain link, the row hash and the signature verify (key {string.Join(", ", keys.Select(Signing.KeyId))})"
                : $"{export}: NOT intact: {report.Breaks.Count} problem(s) in {report.Lines} lines");
            return report.Intact ? ExitCodes.Ok : ExitCodes.NotIntact;
        });
        return command;
    }

    /// <summary>Null for what looks like an NDJSON trail export (its first line); otherwise why the file cannot be verified.</summary>
    private static async Task<string?> Kind(FileInfo export, CancellationToken ct)
    {
        string? first;
        using (var reader = export.OpenText()) first = await reader.ReadLineAsync(ct);
        if (string.IsNullOrWhiteSpace(first)) return "the file is empty; a trail export has at least its manifest line.";
        if (first.StartsWith("changeId,", StringComparison.Ordinal) || first.StartsWith("sequence,", StringComparison.Ordinal))
            return "a CSV export, which is not a verifiable kind: CSV carries no hashes or signed manifest. " +
                   "Export the trail as NDJSON (changeledger export trail --format ndjson) and verify that.";
        string? type, exportKind = null;
        try
        {
            using var row = JsonDocument.Parse(first);
            if (row.RootElement.ValueKind != JsonValueKind.Object) return "not an NDJSON export: its first line is not a JSON object.";
            type = row.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (row.RootElement.TryGetProperty("export", out var e)) exportKind = e.GetString();
            // An empty trail export is its manifest alone, which since DSSE is an envelope.
            if (row.RootElement.TryGetProperty("payloadType", out var p) && p.GetString() == TrailManifest.PayloadType)
                (type, exportKind) = ("manifest", "trail");
        }
        catch (JsonException)
        {
            return "not an export changeledger can verify: its first line is neither JSON nor a CSV header.";
        }
        return (type, exportKind) switch
        {
            ("event", _) or ("manifest", "trail") => null,
            ("ownership", _) or ("manifest", "ownership") =>
                "an ownership export, which is not a verifiable kind: its manifest states the rows' SHA-256 but is not signed and has " +
                "no hash chain, so nothing ties it to the ledger. Export the trail for the same period (changeledger export trail) and verify that.",
            _ => $"not a trail export (its first line is of type '{type}').",
        };
    }
}

/// <summary>What verify --json prints: the verdict, the counts and every problem, for a machine to read.</summary>
/// <param name="Error">Why the file could not be verified at all (exit 2 or 66); absent when it was.</param>
public sealed record VerifyAnswer(string File, bool Intact, long Events, long Lines, IReadOnlyList<string> KeyIds, IReadOnlyList<VerifyProblem> Problems,
    string? Error = null);

public sealed record VerifyProblem(long Line, string Detail);

/// <summary>Disposes the keys read from the key file when the verification is done.</summary>
internal sealed class KeySet(List<ECDsa> keys) : IDisposable
{
    public void Dispose()
    {
        foreach (var key in keys) key.Dispose();
    }
}
