using System.CommandLine;

namespace ChangeLedger.Cli;

/// <summary>Options every command shares, and the one way a command runs: connect, act, report, map to an exit code.</summary>
public sealed class Common(CliHost host)
{
    public CliHost Host => host;

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "The ChangeLedger service, e.g. https://ledger.example.com (default: $CHANGELEDGER_URL)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CHANGELEDGER_URL"),
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "API key, sent as 'Authorization: Bearer <key>' (default: $CHANGELEDGER_KEY)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CHANGELEDGER_KEY"),
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the service's JSON answer instead of text", Recursive = true };

    public static Option<string> Change() => new("--change") { Description = "The change id, e.g. gh:acme.payments:482", Required = true };

    public static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    public static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    public static Option<string?> EventId() =>
        new("--event-id") { Description = "Idempotency key; generated when absent, and the same on every retry" };

    public static string NewEventId(string? given) => given ?? "cli:" + Guid.CreateVersion7();

    public async Task<int> Run(ParseResult parse, Func<LedgerClient, bool, Task<int>> action)
    {
        try
        {
            var client = host.Client(new Connection(parse.GetValue(Url), parse.GetValue(Key)));
            return await action(client, parse.GetValue(Json));
        }
        catch (CliException ex)
        {
            await host.Error.WriteLineAsync("changeledger: " + ex.Message);
            return ExitCodes.Error;
        }
        catch (System.Text.Json.JsonException ex)
        {
            // Something answered that is not the ledger (a proxy's error page): an error, never a "not ready".
            await host.Error.WriteLineAsync("changeledger: the answer could not be read as the ledger's JSON: " + ex.Message);
            return ExitCodes.Error;
        }
    }

    /// <summary>A write's answer: 0 and a line (or the JSON) when recorded, 2 and the problem when refused.</summary>
    public async Task<int> Report(LedgerAnswer answer, bool json, Func<string> recorded)
    {
        if (json) await host.Out.WriteLineAsync(answer.Body);
        if (!answer.IsSuccess)
        {
            await host.Error.WriteLineAsync("changeledger: refused: " + answer.Explain());
            return ExitCodes.Error;
        }
        if (!json) await host.Out.WriteLineAsync(recorded());
        return ExitCodes.Ok;
    }

    public static string Path(string changeId, string rest = "") => $"v1/changes/{Uri.EscapeDataString(changeId)}{rest}";
}
