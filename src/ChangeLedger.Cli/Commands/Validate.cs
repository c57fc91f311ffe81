using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger validate --change X --check unit-tests -- dotnet test — runs the check, times it, and records the
/// outcome against the commit. The exit code is the check's own when it failed, so the CI step still fails; a failure to
/// record wins over it, since then the ledger lacks the evidence (docs/ci.md, exit codes).
/// </summary>
public static class Validate
{
    public static Command Create(Common common)
    {
        var change = Common.Change();
        var check = Common.Required("--check", "The check's name, as the release policy requires it (e.g. unit-tests)");
        var commit = Common.Optional("--commit", "The commit checked (default: git rev-parse HEAD)");
        var runner = Common.Optional("--runner", "Who ran it (default: $CHANGELEDGER_RUNNER, the CI system, or this machine)");
        var runUrl = Common.Optional("--run-url", "Link to the CI run (default: taken from GitHub Actions or GitLab CI variables)");
        var outcome = Common.Optional("--outcome", "Record this outcome instead of running a command");
        outcome.AcceptOnlyFromAmong("passed", "failed", "errored", "skipped");
        var eventId = Common.EventId();
        var criteria = Common.Criteria("this check proves when it passes");
        var run = new Argument<string[]>("command") { Description = "The check to run, after --", Arity = ArgumentArity.ZeroOrMore };
        var first = new ValidateFirst.Options();

        var command = new Command("validate", "Run a check and record its outcome (ValidationRecorded), or with --first prove its tests fail on the base and pass on the head (AttestationRecorded)")
        {
            change, check, commit, runner, runUrl, outcome, eventId, criteria, run, first.First, first.Base, first.Tests, first.JUnit,
        };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var argv = parse.GetValue(run) ?? [];
            if (parse.GetValue(first.First))
            {
                if (parse.GetValue(outcome) is not null) throw new CliException(ExitCodes.Usage, "--first runs the command twice and records what it proved; --outcome cannot say that.");
                var proof = new ValidateFirst.Request(parse.GetValue(change)!, parse.GetValue(check)!, parse.GetValue(commit), argv,
                    parse.GetValue(runner) ?? DefaultRunner(common.Host.Environment), parse.GetValue(runUrl) ?? DefaultRunUrl(common.Host.Environment),
                    common.NewEventId(parse, eventId, "validate-first", perAttempt: true, parse.GetValue(change), parse.GetValue(check)));
                return await ValidateFirst.Run(common, client, json, parse, first, proof, ct);
            }
            if (parse.GetValue(first.Base) is not null || parse.GetValue(first.Tests) is not null || parse.GetValue(first.JUnit) is not null)
                throw new CliException(ExitCodes.Usage, "--base, --tests and --junit belong to validate --first.");
            if (argv.Length == 0 && parse.GetValue(outcome) is null)
                throw new CliException(ExitCodes.Usage, "Give the check to run after --, e.g. `changeledger validate --change X --check unit-tests -- dotnet test`, or --outcome.");
            var sha = parse.GetValue(commit) ?? await Git.Head(ct);

            var (result, exitCode, durationMs) = argv.Length == 0
                ? (Enum.Parse<ValidationOutcome>(parse.GetValue(outcome)!, ignoreCase: true), 0, (long?)null)
                : await Execute(argv, common.Host, ct);

            var request = new RecordValidationRequest(parse.GetValue(check), sha, result, parse.GetValue(runner) ?? DefaultRunner(common.Host.Environment),
                argv.Length == 0 ? null : Truncate(string.Join(' ', argv), 4000), parse.GetValue(runUrl) ?? DefaultRunUrl(common.Host.Environment), durationMs,
                EventId: common.NewEventId(parse, eventId, "validate", perAttempt: true, parse.GetValue(change), parse.GetValue(check), sha),
                Criteria: Common.CriteriaOf(parse, criteria));
            var answer = await client.Post(Common.Path(parse.GetValue(change)!, "/validations"), request, ct);
            var reported = await common.Report(answer, json,
                () => $"recorded {request.Check} {result.ToString().ToLowerInvariant()} on {sha} for {parse.GetValue(change)}");
            return reported != ExitCodes.Ok ? reported : exitCode;
        }));
        return command;
    }

    /// <param name="directory">Where the check runs (null: here); a relative program path (./test.sh) is found there too, not here.</param>
    internal static async Task<(ValidationOutcome, int, long?)> Execute(string[] argv, CliHost host, CancellationToken ct, string? directory = null)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var program = directory is not null && argv[0].Contains('/') && !Path.IsPathRooted(argv[0]) ? Path.Combine(directory, argv[0]) : argv[0];
            // The check's own output goes straight to the CI log; the ledger keeps the outcome, not the log.
            using var process = Process.Start(new ProcessStartInfo(program, argv[1..]) { UseShellExecute = false, WorkingDirectory = directory ?? "" })!;
            await process.WaitForExitAsync(ct);
            var outcome = process.ExitCode == 0 ? ValidationOutcome.Passed : ValidationOutcome.Failed;
            return (outcome, process.ExitCode, clock.ElapsedMilliseconds);
        }
        catch (Win32Exception ex)
        {
            // The check never ran: that proves nothing either way, so it is recorded as errored, and the step fails with
            // the code a shell would give (127 not found, 126 not executable).
            await host.Error.WriteLineAsync($"changeledger: could not run '{argv[0]}': {ex.Message}");
            var code = ex.NativeErrorCode == 13 ? ExitCodes.CheckNotExecutable : ExitCodes.CheckNotFound;
            return (ValidationOutcome.Errored, code, clock.ElapsedMilliseconds);
        }
    }

    internal static string DefaultRunner(Func<string, string?> env) =>
        env("CHANGELEDGER_RUNNER")
        ?? (env("GITHUB_ACTIONS") == "true" ? "github-actions"
            : env("GITLAB_CI") == "true" ? "gitlab-ci"
            : Environment.MachineName);

    internal static string? DefaultRunUrl(Func<string, string?> env) =>
        env("CI_JOB_URL")
        ?? (env("GITHUB_RUN_ID") is { Length: > 0 } run
            ? $"{env("GITHUB_SERVER_URL")}/{env("GITHUB_REPOSITORY")}/actions/runs/{run}" + (env("GITHUB_RUN_ATTEMPT") is { Length: > 0 } attempt ? $"/attempts/{attempt}" : "")
            : null);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
