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
                     Commands.Policy.Create(common), Commands.Owners.Create(common), Commands.PublicKey.Create(common), Commands.Audit.Create(common),
                 })
            root.Add(command);
        return root;
    }

    /// <summary>What a word that matched nothing is, and the nearest name the command knows, if one is near.</summary>
    private static string Unknown(string token, Command command, Command root)
    {
        var isOption = token.StartsWith('-');
        var known = isOption
            ? command.Options.Concat(root.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal))
            : command.Subcommands.Select(c => c.Name);
        var nearest = known.Distinct().Select(name => (name, distance: Distance(token.ToLowerInvariant(), name)))
            .Where(c => c.distance <= Math.Max(2, c.name.Length / 3)).OrderBy(c => c.distance).Select(c => c.name).FirstOrDefault();
        var what = isOption ? $"unknown option '{token}'" : command.Subcommands.Count > 0 ? $"unknown command '{token}'" : $"unexpected argument '{token}'";
        return what + (nearest is null ? "" : $"; did you mean '{nearest}'?");
    }

    private static string Usage(Command command) => command.Name == Name ? Name : $"{Name} {command.Name}";

    /// <summary>Edit distance (insertions, deletions, substitutions, adjacent swaps): how far a typo is from a name.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
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
            // A mistyped word makes System.CommandLine report it and everything that then seems missing; the word is the one error.
            if (parse.UnmatchedTokens.Count > 0)
                await error.WriteLineAsync("changeledger: " + Unknown(parse.UnmatchedTokens[0], parse.CommandResult.Command, parse.RootCommandResult.Command));
            else
                foreach (var problem in parse.Errors) await error.WriteLineAsync("changeledger: " + problem.Message);
            await error.WriteLineAsync($"Run '{Usage(parse.CommandResult.Command)} --help' for usage.");
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
