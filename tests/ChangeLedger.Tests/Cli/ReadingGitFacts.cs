using System.Diagnostics;
using ChangeLedger.Cli;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>
/// propose and revise --from-git in a real temporary git repository: the patch-id sent is git patch-id --stable's,
/// the changed paths are git diff --name-only's, the size git diff --numstat's, and a rebase that keeps the diff keeps the evidence.
/// </summary>
public sealed class ReadingGitFacts(LedgerApp app) : IClassFixture<LedgerApp>, IDisposable
{
    private const string Repository = "github.com/acme/git-facts";
    private readonly string _repo = Directory.CreateTempSubdirectory("changeledger-git-").FullName;

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    private string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. args])
        {
            WorkingDirectory = _repo, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    /// <summary>What the issue names as the patch-id, computed by the shell pipeline itself.</summary>
    private string ShellPatchId(string @base, string head)
    {
        var start = new ProcessStartInfo("sh", ["-c", $"git diff {@base}...{head} | git patch-id --stable"]) { WorkingDirectory = _repo, RedirectStandardOutput = true };
        using var sh = Process.Start(start)!;
        var output = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();
        return output.Split(' ')[0];
    }

    private string Commit(string path, string content, string message)
    {
        var file = Path.Combine(_repo, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    private async Task<CliResult> Cli(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var host = new CliHost(_ => app.Client, output, error) { RetryDelay = TimeSpan.FromMilliseconds(1), Environment = _ => null, WorkingDirectory = _repo };
        var exit = await LedgerCommands.Run(args, host);
        return new CliResult(exit, output.ToString(), error.ToString(), "");
    }

    [Fact]
    public async Task the_patch_id_is_git_patch_id_stable_and_a_rebase_that_keeps_it_keeps_the_evidence()
    {
        Git("init", "-q", "-b", "main");
        var root = Commit("README.md", "hello\n", "root");
        Git("checkout", "-q", "-b", "feature");
        Commit("src/refunds/Retry.cs", "class Retry {}\n", "retry");
        var head = Commit("src/ledger/Balance.cs", "class Balance {}\n", "balance");

        await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(Repository)}/policy",
            new SetPolicyRequest(["unit"], 1, true, "ann", CarryOverOnSamePatchId: true, WithinDeclaredScope: true))).ShouldHaveStatus(201);
        var proposed = await Cli("propose", "--change", "git-1", "--repository", Repository, "--title", "Retry refunds", "--owner", "alice",
            "--origin", "generated", "--tool", "claude-code", "--base", root, "--include", "src/refunds/**", "--from-git");
        proposed.Exit.ShouldBe(0, proposed.All);

        var evidence = await app.Get<Evidence>("/v1/changes/git-1/evidence");
        evidence.HeadCommit.ShouldBe(head);
        evidence.HeadPatchId.ShouldBe(ShellPatchId(root, head));
        evidence.HeadPatchId!.Length.ShouldBe(40);
        evidence.ScopeCompliance!.ChangedPaths.ShouldBe(["src/ledger/Balance.cs", "src/refunds/Retry.cs"]);
        evidence.ScopeCompliance.OutsideScope.ShouldBe(["src/ledger/Balance.cs"]);

        await (await app.Post("/v1/changes/git-1/validations", Requests.Check("unit", head, ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/git-1/reviews", Requests.Review("erin", head))).ShouldHaveStatus(201);

        // main moves on; the feature is rebased onto it: new commits, the same diff.
        Git("checkout", "-q", "main");
        var newBase = Commit("docs/notes.md", "notes\n", "unrelated");
        Git("checkout", "-q", "feature");
        Git("rebase", "-q", "main");
        var rebased = Git("rev-parse", "HEAD");
        rebased.ShouldNotBe(head);
        var revised = await Cli("revise", "--change", "git-1", "--revised-by", "alice", "--base", newBase, "--from-git");
        revised.Exit.ShouldBe(0, revised.All);

        var after = await app.Get<Evidence>("/v1/changes/git-1/evidence");
        after.HeadCommit.ShouldBe(rebased);
        after.HeadPatchId.ShouldBe(evidence.HeadPatchId);
        after.Checks.Single().LatestOnHead!.CarriedOver.ShouldBe($"carried over from {head}, same patch-id");
        var verdict = await app.Get<ReleaseVerdict>("/v1/changes/git-1/readiness?environment=prod");
        verdict.Rules.Where(r => !r.Passed).Select(r => r.Rule).ShouldBe(["within-declared-scope"]);
        verdict.Rules.Single(r => r.Rule == "within-declared-scope").Detail.ShouldContain("src/ledger/Balance.cs");

        // Another edit changes the diff, so the patch-id: the evidence goes stale.
        var edited = Commit("src/refunds/Retry.cs", "class Retry { int attempts = 3; }\n", "attempts");
        (await Cli("revise", "--change", "git-1", "--revised-by", "alice", "--base", newBase, "--from-git")).Exit.ShouldBe(0);
        var stale = await app.Get<Evidence>("/v1/changes/git-1/evidence");
        stale.HeadCommit.ShouldBe(edited);
        stale.HeadPatchId.ShouldBe(ShellPatchId(newBase, edited));
        stale.HeadPatchId.ShouldNotBe(evidence.HeadPatchId);
        stale.Checks.Single().LatestOnHead.ShouldBeNull();
    }

    [Fact]
    public async Task from_git_without_a_base_is_a_usage_error_and_records_nothing()
    {
        Git("init", "-q", "-b", "main");
        Commit("a.txt", "a\n", "a");
        var result = await Cli("propose", "--change", "git-2", "--repository", Repository, "--title", "t", "--owner", "alice", "--from-git");
        result.Exit.ShouldBe(ExitCodes.Usage);
        result.Error.ShouldContain("--from-git needs --base");
        (await app.EventCount("git-2")).ShouldBe(0);
    }

    [Fact]
    public async Task the_size_sent_is_git_diff_numstat_s_files_and_lines_with_a_rename_as_one_file_and_a_binary_as_no_lines()
    {
        Git("init", "-q", "-b", "main");
        Commit("docs/guide.md", string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n")), "guide");
        var root = Commit("README.md", "hello\nworld\n", "root");
        Git("checkout", "-q", "-b", "feature");
        Commit("README.md", "hello\nthere\n", "one line changed");
        Git("mv", "docs/guide.md", "docs/handbook.md");
        Commit("src/refunds/Retry.cs", "class Retry\n{\n}\n", "retry, and the guide renamed");
        File.WriteAllBytes(Path.Combine(_repo, "logo.png"), [0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0]);
        var head = Commit("docs/handbook.md", string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n")) + "one more\n", "logo, a line more");
        const string repo = "github.com/acme/git-sizes";
        await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(repo)}/policy",
            new SetPolicyRequest([], 0, false, "ann", SizeBudget: new SizeBudget(Generated: new SizeLimit(MaxChangedLines: 5))))).ShouldHaveStatus(201);

        var proposed = await Cli("propose", "--change", "git-3", "--repository", repo, "--title", "t", "--owner", "alice",
            "--origin", "generated", "--tool", "claude-code", "--base", root, "--from-git");
        proposed.Exit.ShouldBe(0, proposed.All);

        // README (+1 -1), Retry.cs (+3), the renamed guide (+1), logo.png (binary): four files, five lines added, one removed.
        var size = (await app.Get<Evidence>("/v1/changes/git-3/evidence")).Size.ShouldNotBeNull();
        size.ShouldBe(new RecordedSize(head, new DiffSize(4, 5, 1), 1));
        var verdict = await app.Get<ReleaseVerdict>("/v1/changes/git-3/readiness?environment=prod");
        verdict.Rules.Single(r => r.Rule == "within-size-budget").Detail.ShouldStartWith($"Split suggested: head {head} changes 6 line(s) (+5 -1) in 4 file(s); 6 lines over the budget of 5");

        // The revision sends its own: a commit that takes the extra line back out is small enough.
        var smaller = Commit("docs/handbook.md", string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n")), "drop the extra line");
        (await Cli("revise", "--change", "git-3", "--revised-by", "alice", "--base", root, "--from-git")).Exit.ShouldBe(0);
        (await app.Get<Evidence>("/v1/changes/git-3/evidence")).Size.ShouldBe(new RecordedSize(smaller, new DiffSize(4, 4, 1), 2));
        (await app.Get<ReleaseVerdict>("/v1/changes/git-3/readiness?environment=prod")).Rules.Single(r => r.Rule == "within-size-budget").Passed.ShouldBeTrue();
    }
}
