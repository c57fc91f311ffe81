using System.CommandLine;
using System.CommandLine.Help;

namespace ChangeLedger.Cli;

/// <summary>The `changeledger` command tree. Program.cs only hands it the real console and network.</summary>
public static class LedgerCommands
{
    public const string Name = "changeledger";

    public static Command Build(CliHost host)
    {
        var common = new Common(host);
        // A RootCommand names itself after the executable ("ChangeLedger.Cli" under `dotnet run`); help must say the
        // command a user types, whichever way it was installed.
        var root = new Command(Name, "Record CI evidence in ChangeLedger and ask its release gate before deploying.")
        {
            new HelpOption(), new VersionOption(), common.Url, common.Key, common.Json,
        };
        foreach (var command in new[]
                 {
                     Commands.Propose.Create(common), Commands.Revise.Create(common), Commands.Validate.Create(common), Commands.Review.Create(common),
                     Commands.Holds.Place(common), Commands.Holds.Lift(common), Commands.Release.Create(common),
                     Commands.Gate.Create(common), Commands.Trail.Create(common), Commands.Export.Create(common), Commands.Verify.Create(common), Commands.Attest.Create(common),
                 })
            root.Add(command);
        return root;
    }

    /// <summary>
    /// Parses and runs with every known secret masked in what is printed. A usage error exits 64 (EX_USAGE); a bug exits
    /// 70 with its message, never System.CommandLine's default 1, which means "not ready".
    /// </summary>
    public static async Task<int> Run(string[] args, CliHost host, CancellationToken ct = default)
    {
        var secrets = Redact.SecretsIn(args, host.Environment);
        var (output, error) = (new RedactingWriter(host.Out, secrets), new RedactingWriter(host.Error, secrets));
        var safe = new CliHost(host, output, error);
        var parse = Build(safe).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors) await error.WriteLineAsync("changeledger: " + problem.Message);
            await error.WriteLineAsync("Run 'changeledger --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"changeledger: internal error, please report it: {ex}");
            return ExitCodes.Internal;
        }
    }
}
