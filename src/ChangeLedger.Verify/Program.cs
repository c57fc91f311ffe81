using ChangeLedger.Contracts.Integrity;

// changeledger-verify <trail-export.ndjson> --public-key <key.pem>
// Checks a trail export offline. Exit 0: intact. Exit 1: breaks found, one line each, naming the file's line.
// Exit 2: the command line or the files could not be used. To be folded into the changeledger CLI as `verify`.

if (args.Length != 3 || args[1] != "--public-key")
{
    Console.Error.WriteLine("usage: changeledger-verify <trail-export.ndjson> --public-key <public-key.pem>");
    Console.Error.WriteLine("  the public key is the publicKeyPem of GET /v1/integrity/public-key, saved to a file");
    return 2;
}

var (file, keyFile) = (args[0], args[2]);
if (!File.Exists(file) || !File.Exists(keyFile))
{
    Console.Error.WriteLine($"changeledger-verify: cannot read {(File.Exists(file) ? keyFile : file)}");
    return 2;
}

using var key = Signing.PublicKey(await File.ReadAllTextAsync(keyFile));
await using var stream = File.OpenRead(file);
var report = await TrailFileVerifier.Verify(stream, key);

foreach (var problem in report.Breaks) Console.WriteLine($"{file}:{problem.Line}: {problem.Detail}");
Console.WriteLine(report.Intact
    ? $"{file}: intact: {report.Events} events, every chain link, the row hash and the signature verify (key {Signing.KeyId(key)})"
    : $"{file}: NOT intact: {report.Breaks.Count} problem(s) in {report.Lines} lines");
return report.Intact ? 0 : 1;
