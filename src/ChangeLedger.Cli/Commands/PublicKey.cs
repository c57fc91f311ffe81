using System.CommandLine;
using System.Text.Json;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger public-key — the ledger's signing public key as PEM, nothing else on stdout, so
/// `changeledger public-key > key.pem` is the file `verify --public-key` reads. --all: every key, for trails that
/// span a key rotation.
/// </summary>
public static class PublicKey
{
    public static Command Create(Common common)
    {
        var all = new Option<bool>("--all") { Description = "Every key the ledger has signed with (after a rotation), one PEM after another" };

        var command = new Command("public-key", "Print the ledger's signing public key (PEM), for verify --public-key") { all };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var answer = await client.Get(parse.GetValue(all) ? "v1/integrity/keys" : "v1/integrity/public-key", ct);
            if (json || !answer.IsSuccess) return await common.Report(answer, json, () => "");
            using var doc = JsonDocument.Parse(answer.Body);
            var keys = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList()
                : doc.RootElement.TryGetProperty("keys", out var list) ? list.EnumerateArray().ToList()
                : [doc.RootElement];
            foreach (var key in keys)
            {
                var pem = key.GetProperty("publicKeyPem").GetString()!;
                await common.Host.Out.WriteAsync(pem.EndsWith('\n') ? pem : pem + "\n");
            }
            await common.Host.Error.WriteLineAsync("changeledger: key " + string.Join(", ", keys.Select(k => k.GetProperty("keyId").GetString())));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
