using System.CommandLine;

namespace ChangeLedger.Cli;

/// <summary>Options every command shares, and the one way a command runs: connect, act, report, map to an exit code.</summary>
public sealed class Common(CliHost host)
{
    public CliHost Host => host;

    // No DefaultValueFactory on either: help prints a default's value, and for --key that value is the secret.
    public Option<string?> Url { get; } = new("--url")
    {
        Description = "The ChangeLedger service, e.g. https://ledger.example.com (default: $CHANGELEDGER_URL)",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "API key, sent as 'Authorization: Bearer <key>'; prefer $CHANGELEDGER_KEY, which stays out of process lists " +
                      "(default: an OIDC token from $CHANGELEDGER_TOKEN or GitHub Actions, else $CHANGELEDGER_KEY)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the service's JSON answer instead of text", Recursive = true };

    public static Option<string> Change() => new("--change") { Description = "The change id, e.g. gh:acme.payments:482", Required = true };

    public static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    public static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    public static Option<string?> EventId() => new("--event-id")
    {
        Description = "Idempotency key (default: derived from the CI run and this call in GitHub Actions and GitLab CI, so a re-run " +
                      "replays; a new id elsewhere; the same on every retry)",
    };

    public static Option<string[]> Criteria(string what) => new("--criteria")
    {
        Description = $"Ids of the change's acceptance criteria {what}, comma-separated or repeated, e.g. AC-1,AC-2",
    };

    /// <summary>The ids --criteria names, once each; null when it names none.</summary>
    public static IReadOnlyList<string>? CriteriaOf(ParseResult parse, Option<string[]> option, IEnumerable<string>? more = null)
    {
        var ids = (parse.GetValue(option) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Concat(more ?? []).Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 0 ? null : ids;
    }

    public static Option<bool> FromGit() => new("--from-git")
    {
        Description = "Send the patch-id (git patch-id --stable), the changed paths and the size (files, lines added and removed: --numstat) of git diff <base>...<head>, read from the git repository here; needs --base",
    };

    /// <summary>The diff's patch-id, changed paths and size when --from-git asks for them; null otherwise.</summary>
    public async Task<Git.DiffFacts?> DiffFacts(ParseResult parse, Option<bool> fromGit, string? @base, string head, CancellationToken ct)
    {
        if (!parse.GetValue(fromGit)) return null;
        if (@base is null) throw new CliException(ExitCodes.Usage, "--from-git needs --base: the diff is git diff <base>...<head>.");
        return await Git.Diff(@base, head, host.WorkingDirectory, ct);
    }

    /// <summary>The eventId for this write: see <see cref="CiRun.EventId"/>.</summary>
    public string NewEventId(ParseResult parse, Option<string?> given, string command, bool perAttempt, params string?[] unique) =>
        CiRun.EventId(host.Environment, parse.GetValue(given), command, perAttempt, unique);

    public async Task<int> Run(ParseResult parse, Func<LedgerClient, bool, Task<int>> action)
    {
        try
        {
            var url = parse.GetValue(Url) ?? host.Environment("CHANGELEDGER_URL");
            var connection = new Connection(url, await Credentials.Resolve(parse.GetValue(Key), url, host, CancellationToken.None));
            return await action(host.Client(connection), parse.GetValue(Json));
        }
        catch (CliException ex)
        {
            await host.Error.WriteLineAsync("changeledger: " + ex.Message);
            return ex.ExitCode;
        }
        catch (System.Text.Json.JsonException ex)
        {
            // Something answered that is not the ledger (a proxy's error page): an error, never a "not ready".
            await host.Error.WriteLineAsync("changeledger: the answer could not be read as the ledger's JSON: " + ex.Message);
            return ExitCodes.Protocol;
        }
    }

    /// <summary>A write's answer: 0 and a line (or the JSON) when recorded; otherwise the problem and the code for its kind.</summary>
    public async Task<int> Report(LedgerAnswer answer, bool json, Func<string> recorded)
    {
        if (json) await host.Out.WriteLineAsync(answer.Body);
        if (!answer.IsSuccess)
        {
            await host.Error.WriteLineAsync("changeledger: refused: " + answer.Explain());
            return ExitCodes.ForStatus(answer.Status);
        }
        if (!json) await host.Out.WriteLineAsync(recorded() + (answer.Replayed ? " (replayed: already recorded with this eventId)" : ""));
        return ExitCodes.Ok;
    }

    public static string Path(string changeId, string rest = "") => $"v1/changes/{Uri.EscapeDataString(changeId)}{rest}";
}
