using System.CommandLine;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger verify &lt;trail-export.ndjson&gt; --public-key &lt;key.pem&gt; — checks a trail export offline: every chain link,
/// the rows' hash and the manifest's signature. Needs no service. Exit 0 intact, 1 broken (each break names its line), 2 unusable input.
/// </summary>
public static class Verify
{
    public static Command Create(Common common)
    {
        var file = new Argument<FileInfo>("file") { Description = "A trail export (NDJSON) as GET /v1/exports/trail wrote it" };
        var publicKey = new Option<FileInfo>("--public-key")
        {
            Description = "The publicKeyPem of GET /v1/integrity/public-key, saved to a file",
            Required = true,
        };

        var command = new Command("verify", "Verify a trail export offline against the ledger's public key") { file, publicKey };
        command.SetAction(async (parse, ct) =>
        {
            var (export, keyFile) = (parse.GetValue(file)!, parse.GetValue(publicKey)!);
            if (!export.Exists || !keyFile.Exists)
            {
                await common.Host.Error.WriteLineAsync($"changeledger: cannot read {(export.Exists ? keyFile.FullName : export.FullName)}");
                return ExitCodes.Error;
            }
            using var key = Signing.PublicKey(await File.ReadAllTextAsync(keyFile.FullName, ct));
            await using var stream = export.OpenRead();
            var report = await TrailFileVerifier.Verify(stream, key);

            foreach (var problem in report.Breaks) await common.Host.Out.WriteLineAsync($"{export}:{problem.Line}: {problem.Detail}");
            await common.Host.Out.WriteLineAsync(report.Intact
                ? $"{export}: intact: {report.Events} events, every chain link, the row hash and the signature verify (key {Signing.KeyId(key)})"
                : $"{export}: NOT intact: {report.Breaks.Count} problem(s) in {report.Lines} lines");
            // "Broken" shares exit code 1 with "not ready": in a pipeline both mean stop.
            return report.Intact ? ExitCodes.Ok : ExitCodes.NotReady;
        });
        return command;
    }
}
