using System.CommandLine;
using ChangeLedger.Cli;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>
/// A CI log is read by many: no command prints the API key, whether it came from $CHANGELEDGER_KEY or --key, in its
/// help, in an error, or with --json.
/// </summary>
public sealed class KeepingTheKeySecret(LedgerApp app) : IClassFixture<LedgerApp>
{
    /// <summary>Arguments that reach the ledger (and are refused there: the change does not exist) for each command.</summary>
    private static readonly Dictionary<string, string[]> Refused = new()
    {
        ["propose"] = ["propose", "--change", "bad id!", "--repository", "github.com/acme/x", "--title", "t", "--owner", "o", "--head", "c0ffee1"],
        ["revise"] = ["revise", "--change", "no-such-change", "--head", "c0ffee2", "--revised-by", "ci"],
        ["validate"] = ["validate", "--change", "no-such-change", "--check", "lint", "--commit", "c0ffee1", "--outcome", "passed"],
        ["review"] = ["review", "--change", "no-such-change", "--reviewer", "r", "--decision", "accepted", "--commit", "c0ffee1"],
        ["hold"] = ["hold", "--change", "no-such-change", "--reason", "r", "--placed-by", "p"],
        ["lift"] = ["lift", "--change", "no-such-change", "--hold-id", "h", "--lifted-by", "l", "--justification", "j"],
        ["release"] = ["release", "--change", "no-such-change", "--environment", "prod", "--version", "1", "--released-by", "d"],
        ["gate"] = ["gate", "--change", "no-such-change", "--environment", "prod"],
        ["trail"] = ["trail", "--change", "no-such-change"],
        ["export"] = ["export", "trail", "--from", "2026-01-01T00:00:00Z", "--to", "2025-01-01T00:00:00Z"],
        ["verify"] = ["verify", "no-such-file.ndjson", "--public-key", "no-such-key.pem"],
        ["attest"] = ["attest", "coverage", "--percent", "90", "--change", "no-such-change", "--commit", "c0ffee1"],
        ["policy"] = ["policy", "--repository", "not a repository!"],
        ["owners"] = ["owners", "import", "/dev/null", "--repository", "not a repository!", "--set-by", "p"],
        // Any key may read the public key, so nothing the ledger answers refuses it: a mistyped option fails it instead.
        ["public-key"] = ["public-key", "--al"],
        ["audit"] = ["audit", "--environment", "prod", "--from", "2026-07-01T00:00:00Z", "--to", "2026-01-01T00:00:00Z"],
    };

    private IReadOnlyDictionary<string, string> KeyInEnvironment => new Dictionary<string, string> { ["CHANGELEDGER_KEY"] = app.AdminKey };

    [Fact]
    public void every_command_is_covered()
    {
        var commands = LedgerCommands.Build(new CliHost(_ => app.Client, TextWriter.Null, TextWriter.Null)).Subcommands.Select(c => c.Name);
        commands.ShouldBe(Refused.Keys, ignoreOrder: true);
    }

    [Fact]
    public async Task help_never_shows_the_key()
    {
        foreach (var command in Refused.Keys.Append(""))
        {
            string[] args = command == "" ? ["--help"] : [command, "--help"];
            var fromEnvironment = await app.Cli(KeyInEnvironment, null, args);
            fromEnvironment.Exit.ShouldBe(0);
            fromEnvironment.Out.ShouldContain("changeledger");
            fromEnvironment.All.ShouldNotContain(app.AdminKey, customMessage: $"changeledger {command} --help");
            (await app.Cli(null, null, ["--key", app.AdminKey, .. args])).All.ShouldNotContain(app.AdminKey);
        }
    }

    [Fact]
    public async Task errors_and_json_answers_never_show_the_key()
    {
        foreach (var (command, args) in Refused)
        {
            foreach (var run in new[]
                     {
                         await app.Cli(KeyInEnvironment, null, args),
                         await app.Cli(KeyInEnvironment, null, [.. args, "--json"]),
                         await app.Cli(null, null, [.. args, "--key", app.AdminKey, "--json"]),
                         await app.Cli(KeyInEnvironment, null, [command, "--no-such-option", app.AdminKey]),
                     })
            {
                run.Exit.ShouldNotBe(0, customMessage: $"changeledger {command} should have failed");
                run.Error.ShouldNotBeEmpty();
                run.All.ShouldNotContain(app.AdminKey, customMessage: $"changeledger {command}");
            }
        }
    }

    [Fact]
    public async Task a_key_the_ledger_refuses_exits_77_without_showing_it()
    {
        const string wrong = "cl_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        using var anonymous = app.ClientWith(null);

        var run = await app.Cli(new Dictionary<string, string> { ["CHANGELEDGER_KEY"] = wrong }, anonymous, "gate", "--change", "x", "--environment", "prod", "--json");

        run.Exit.ShouldBe(ExitCodes.NoPermission);
        run.All.ShouldContain("HTTP 401");
        run.All.ShouldNotContain(wrong);
    }
}
