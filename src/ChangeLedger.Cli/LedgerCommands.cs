using System.CommandLine;

namespace ChangeLedger.Cli;

public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The gate said no (or a release was refused): the pipeline must stop, nothing is broken.</summary>
    public const int NotReady = 1;

    /// <summary>Bad usage, an unreachable service, or a refused write: something to fix.</summary>
    public const int Error = 2;
}

/// <summary>The `changeledger` command tree. Program.cs only hands it the real console and network.</summary>
public static class LedgerCommands
{
    public static RootCommand Build(CliHost host)
    {
        var common = new Common(host);
        var root = new RootCommand("Record CI evidence in ChangeLedger and ask its release gate before deploying.")
        {
            common.Url, common.Key, common.Json,
        };
        foreach (var command in new[]
                 {
                     Commands.Propose.Create(common), Commands.Validate.Create(common), Commands.Review.Create(common),
                     Commands.Holds.Place(common), Commands.Holds.Lift(common), Commands.Release.Create(common),
                     Commands.Gate.Create(common), Commands.Trail.Create(common), Commands.Export.Create(common), Commands.Verify.Create(common),
                 })
            root.Add(command);
        return root;
    }

    /// <summary>Parses and runs; a usage error exits 2 like every other error, so 1 always means "not ready".</summary>
    public static async Task<int> Run(string[] args, CliHost host, CancellationToken ct = default)
    {
        var parse = Build(host).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await host.Error.WriteLineAsync("changeledger: " + error.Message);
            await host.Error.WriteLineAsync("Run 'changeledger --help' for usage.");
            return ExitCodes.Error;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = host.Out, Error = host.Error }, ct);
    }
}
