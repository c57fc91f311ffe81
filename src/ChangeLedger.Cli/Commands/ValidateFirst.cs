using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger validate --first --base B --tests 'tests/**' -- ./test.sh — red before green in one step: the head's
/// test files, laid over a temporary worktree of the base, must fail there (the new tests fail on the old code), and the
/// same command must pass here on the head. Both outcomes, the test files' digests and, with --junit, the test cases
/// that went from failed to passed are recorded as one validation_first attestation. A proof that does not hold is
/// refused with its own exit code and records nothing (docs/ci.md).
/// </summary>
public static class ValidateFirst
{
    public sealed record Options
    {
        public Option<bool> First { get; } = new("--first") { Description = "Prove the tests fail on the base and pass on the head (needs --base and --tests), and record it as a validation_first attestation" };
        public Option<string?> Base { get; } = Common.Optional("--base", "validate --first: the commit the change starts from (a branch, tag or commit)");
        public Option<string?> Tests { get; } = Common.Optional("--tests", "validate --first: the head's test files laid over the base, a glob from the repository's root, e.g. 'tests/**'");
        public Option<string?> JUnit { get; } = Common.Optional("--junit", "validate --first: the JUnit report the command writes, relative to where it runs; compares test cases run by run");
    }

    public sealed record Request(string Change, string Check, string? Commit, string[] Command, string Runner, string? RunUrl, string EventId);

    private sealed record Attempt(ValidationFirstRun Outcome, IReadOnlyDictionary<string, JUnitCases.Ending>? Cases);

    public static async Task<int> Run(Common common, LedgerClient client, bool json, ParseResult parse, Options o, Request r, CancellationToken ct)
    {
        var host = common.Host;
        var here = host.WorkingDirectory ?? Directory.GetCurrentDirectory();
        if (r.Command.Length == 0) throw new CliException(ExitCodes.Usage, "Give the test command after --, e.g. `changeledger validate --first --base main --tests 'tests/**' --change X --check unit-tests -- ./test.sh`.");
        var baseName = parse.GetValue(o.Base) ?? throw new CliException(ExitCodes.Usage, "validate --first needs --base: the commit whose code the new tests must fail on.");
        var glob = parse.GetValue(o.Tests) ?? throw new CliException(ExitCodes.Usage, "validate --first needs --tests: the glob of the head's test files to lay over the base.");
        var head = await Git.Commit("HEAD", here, ct);
        if (r.Commit is { } given && await Git.Commit(given, here, ct) != head)
            throw new CliException(ExitCodes.Usage, $"validate --first runs the head's tests here, at {head}; check out {given} first.");
        var @base = await Git.Commit(baseName, here, ct);
        if (@base == head) throw new CliException(ExitCodes.Usage, $"--base {baseName} is the head itself: running a commit's own tests on itself proves nothing.");
        var paths = await Git.Files(head, glob, here, ct);
        if (paths.Count == 0) throw new CliException(ExitCodes.Usage, $"No file of {head} matches --tests '{glob}' (a glob from the repository's root).");
        if (paths.Count > 100) throw new CliException(ExitCodes.Usage, $"--tests '{glob}' matches {paths.Count} files; the ledger records at most 100. Name the new tests more narrowly.");
        var files = new List<(string Path, byte[] Bytes)>();
        foreach (var path in paths) files.Add((path, await Git.Blob(head, path, here, ct)));
        var prefix = await Git.Prefix(here, ct);
        var junit = parse.GetValue(o.JUnit);

        var worktree = Path.Combine(Path.GetTempPath(), $"changeledger-first-{Guid.NewGuid():N}");
        Attempt red;
        await Git.AddWorktree(worktree, @base, here, ct);
        try
        {
            foreach (var (path, bytes) in files)
            {
                var target = Path.Combine(worktree, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, bytes, ct);
            }
            await host.Error.WriteLineAsync($"changeledger: running on base {@base} with {files.Count} test file(s) of head {head}");
            red = await Execute(r.Command, Path.Combine(worktree, prefix), @base, junit, host, ct);
        }
        finally
        {
            await Git.RemoveWorktree(worktree, here);
        }
        // The command never started: that proves nothing, and the step fails as a shell would (127, 126).
        if (red.Outcome.Outcome == ValidationOutcome.Errored) return red.Outcome.ExitCode!.Value;
        if (red.Outcome.Outcome == ValidationOutcome.Passed)
            return await Refuse(host, ExitCodes.NotRedFirst, $"the tests passed on base {@base}, so they do not show the change was needed; nothing recorded.");

        await host.Error.WriteLineAsync($"changeledger: running on head {head}");
        var green = await Execute(r.Command, here, head, junit, host, ct);
        if (green.Outcome.Outcome == ValidationOutcome.Errored) return green.Outcome.ExitCode!.Value;
        if (green.Outcome.Outcome != ValidationOutcome.Passed)
            return await Refuse(host, ExitCodes.NotGreen, $"the tests failed on head {head} (exit code {green.Outcome.ExitCode}); nothing recorded.");

        List<string>? cases = red.Cases is { } before && green.Cases is { } after ? JUnitCases.RedToGreen(before, after) : null;
        if (cases is { Count: 0 })
            return await Refuse(host, ExitCodes.NotRedFirst, $"the run on base {@base} failed, but none of its test cases failed there and passed on head {head}; nothing recorded.");
        if (junit is not null && cases is null)
            await host.Error.WriteLineAsync($"changeledger: no fresh {junit} from {(red.Cases is null ? "the base" : "the head")} run; recording the command's outcomes only");

        var digests = files.Select(f => new TestFileDigest(f.Path, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(f.Bytes)))).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var summary = new ValidationFirstSummary(red.Outcome, green.Outcome, digests, Truncate(string.Join(' ', r.Command), 4000), cases?.Take(100).ToList());
        var request = new RecordAttestationRequest(AttestationType.ValidationFirst, ContentDigest(digests), r.Runner, head, Name: r.Check, Url: r.RunUrl,
            ValidationFirst: summary, EventId: r.EventId);
        var answer = await client.Post(Common.Path(r.Change, "/attestations"), request, ct);
        return await common.Report(answer, json, () =>
            $"recorded validation_first {r.Check}: failed on base {@base}, passed on head {head} ({digests.Count} test file(s)" +
            (cases is null ? "" : $", {cases.Count} test case(s) red to green") + $") for {r.Change}");
    }

    /// <summary>The lines sha256sum prints for the test files (hex, two spaces, path), sorted by path, hashed: checkable with git and coreutils.</summary>
    internal static string ContentDigest(IEnumerable<TestFileDigest> files) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(files.Select(f => $"{f.Digest![7..]}  {f.Path}\n")))));

    private static async Task<Attempt> Execute(string[] argv, string directory, string commit, string? junit, CliHost host, CancellationToken ct)
    {
        var started = DateTime.UtcNow.AddSeconds(-1);
        var (outcome, exit, _) = await Validate.Execute(argv, host, ct, directory);
        var report = junit is null ? null : new FileInfo(Path.Combine(directory, junit));
        // A report older than this run is an earlier run's: it says nothing about this one.
        var cases = report is { Exists: true } && report.LastWriteTimeUtc >= started ? ReportFile.Read(report.FullName, JUnitCases.Read).Summary : null;
        var tests = cases is null ? null : new TestReportSummary(cases.Count, cases.Count(c => c.Value == JUnitCases.Ending.Failed), 0,
            cases.Count(c => c.Value == JUnitCases.Ending.Skipped), "junit");
        return new(new ValidationFirstRun(commit, outcome, exit, tests), cases);
    }

    private static async Task<int> Refuse(CliHost host, int code, string why)
    {
        await host.Error.WriteLineAsync("changeledger: not red before green: " + why);
        return code;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
