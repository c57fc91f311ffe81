using System.Diagnostics;
using System.Security.Cryptography;
using ChangeLedger.Cli;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>
/// validate --first in a real temporary git repository with a real test command (a shell test runner that writes a
/// JUnit report): the head's new test fails on the base and passes on the head, and the proof reaches the verdict; a
/// test that already passes on the base, or fails on the head, is refused with its exit code and records nothing.
/// </summary>
public sealed class ProvingRedBeforeGreen(LedgerApp app) : IClassFixture<LedgerApp>, IDisposable
{
    private const string Repository = "github.com/acme/red-first";
    private readonly string _repo = Directory.CreateTempSubdirectory("changeledger-first-test-").FullName;

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    // Runs every tests/*_test.sh, one JUnit test case each, and fails if any failed.
    private const string Runner = """
        #!/bin/sh
        status=0; cases=""
        for t in tests/*_test.sh; do
          name=$(basename "$t" .sh)
          if sh "$t" >/dev/null 2>&1; then cases="$cases<testcase classname=\"shell\" name=\"$name\"/>"
          else cases="$cases<testcase classname=\"shell\" name=\"$name\"><failure message=\"failed\"/></testcase>"; status=1; fi
        done
        printf '<testsuite name="shell">%s</testsuite>\n' "$cases" > report.xml
        exit $status
        """;

    private const string AddTest = ". ./lib.sh\n[ \"$(add 2 3)\" = 5 ]\n";
    private const string SubTest = ". ./lib.sh\n[ \"$(sub 5 3)\" = 2 ]\n";

    private string Git(params string[] args) => Shell("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. args]);

    private string Shell(string program, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { WorkingDirectory = _repo, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    private string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var file = Path.Combine(_repo, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
        }
        Shell("chmod", ["+x", "run-tests.sh"]);
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    /// <summary>main: add() and its test; the feature: sub() and its new test (or, with <paramref name="sub"/>, a wrong sub()).</summary>
    private (string Base, string Head) Repo(string sub = "sub() { echo $(($1 - $2)); }\n")
    {
        Git("init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(_repo, ".gitignore"), "report.xml\n");
        var @base = Commit("add", ("run-tests.sh", Runner), ("lib.sh", "add() { echo $(($1 + $2)); }\n"), ("tests/add_test.sh", AddTest));
        Git("checkout", "-q", "-b", "feature");
        var head = Commit("sub", ("lib.sh", "add() { echo $(($1 + $2)); }\n" + sub), ("tests/sub_test.sh", SubTest));
        return (@base, head);
    }

    private async Task<CliResult> Cli(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var host = new CliHost(_ => app.Client, output, error) { RetryDelay = TimeSpan.FromMilliseconds(1), Environment = _ => null, WorkingDirectory = _repo };
        var exit = await LedgerCommands.Run(args, host);
        return new CliResult(exit, output.ToString(), error.ToString(), "");
    }

    private async Task Propose(string changeId, string head, string @base) =>
        await (await app.Post("/v1/changes", Requests.Generated(changeId, head, repository: Repository) with { BaseCommit = @base })).ShouldHaveStatus(201);

    private static string Sha256(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task a_new_test_that_fails_on_the_base_and_passes_on_the_head_is_recorded_and_proves_the_rule_until_a_revision()
    {
        var (@base, head) = Repo();
        await Propose("first-1", head, @base);
        await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(Repository)}/policy",
            new SetPolicyRequest([], 0, false, "ann", ValidationFirst: ValidationFirstFor.Generated))).ShouldHaveStatus(201);
        var before = await app.Get<ReleaseVerdict>("/v1/changes/first-1/readiness?environment=prod");
        before.Rules.Where(r => !r.Passed).Select(r => r.Rule).ShouldBe(["validation-first"]);
        (await Cli("policy", "--repository", Repository)).Out.ShouldContain("  validation first: a generated change must show its tests failed on the base and pass on the head");

        var result = await Cli("validate", "--first", "--change", "first-1", "--check", "unit", "--base", "main", "--tests", "tests/**",
            "--junit", "report.xml", "--", "./run-tests.sh");

        result.Exit.ShouldBe(0, result.All);
        result.Out.ShouldContain($"recorded validation_first unit: failed on base {@base}, passed on head {head} (2 test file(s), 1 test case(s) red to green) for first-1");
        var proof = (await app.Get<Evidence>("/v1/changes/first-1/evidence")).Attestations!.Single();
        proof.Kind.ShouldBe(AttestationType.ValidationFirst);
        proof.Commit.ShouldBe(head);
        proof.Name.ShouldBe("unit");
        var summary = proof.ValidationFirst!;
        summary.Base!.ShouldBe(new ValidationFirstRun(@base, ValidationOutcome.Failed, 1, new TestReportSummary(2, 1, 0, 0, "junit")));
        summary.Head!.ShouldBe(new ValidationFirstRun(head, ValidationOutcome.Passed, 0, new TestReportSummary(2, 0, 0, 0, "junit")));
        summary.TestFiles!.ShouldBe([new TestFileDigest("tests/add_test.sh", Sha256(AddTest)), new TestFileDigest("tests/sub_test.sh", Sha256(SubTest))]);
        summary.TestCases!.ShouldBe(["shell.sub_test"]);
        summary.Command.ShouldBe("./run-tests.sh");
        // The digest docs/ci.md tells a reader to recompute: sha256sum's lines for the test files, hashed.
        proof.ContentDigest.ShouldBe("sha256:" + Shell("sh", ["-c", "git ls-files -z tests | xargs -0 sha256sum | sha256sum | cut -d' ' -f1"]));
        Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ")).ShouldBe(1);
        (await Cli("trail", "--change", "first-1")).Out.ShouldContain($"attested validation_first unit (failed on base {@base}, passed on head, 2 test file(s)) on {head}");

        var after = await app.Get<ReleaseVerdict>("/v1/changes/first-1/readiness?environment=prod");
        after.Ready.ShouldBeTrue();
        after.Rules.Single(r => r.Rule == "validation-first").Evidence.Single().Detail.ShouldBe($"validation_first unit on {head} {proof.ContentDigest}");

        var revised = Commit("tidy", ("lib.sh", "add() { echo $(($1 + $2)); }\nsub() { echo $(( $1 - $2 )); }\n"));
        await (await app.Post("/v1/changes/first-1/revisions", new ReviseChangeRequest(revised, "alice"))).ShouldHaveStatus(201);
        var stale = await app.Get<ReleaseVerdict>("/v1/changes/first-1/readiness?environment=prod");
        stale.Rules.Single(r => r.Rule == "validation-first").Detail.ShouldBe($"No validation-first proof on head {revised}; the last one (on {head}) is stale.");
    }

    [Fact]
    public async Task tests_that_already_pass_on_the_base_are_refused_as_not_red_first_and_record_nothing()
    {
        var (@base, head) = Repo();
        await Propose("first-2", head, @base);

        var result = await Cli("validate", "--first", "--change", "first-2", "--check", "unit", "--base", @base, "--tests", "tests/add_test.sh", "--", "./run-tests.sh");

        result.Exit.ShouldBe(ExitCodes.NotRedFirst, result.All);
        result.Error.ShouldContain($"not red before green: the tests passed on base {@base}");
        (await app.Get<Evidence>("/v1/changes/first-2/evidence")).Attestations.ShouldBeNull();
        Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ")).ShouldBe(1);
    }

    [Fact]
    public async Task tests_that_fail_on_the_head_are_refused_as_not_green_and_record_nothing()
    {
        var (@base, head) = Repo(sub: "sub() { echo $(($1 + $2)); }\n");
        await Propose("first-3", head, @base);

        var result = await Cli("validate", "--first", "--change", "first-3", "--check", "unit", "--base", "main", "--tests", "tests/**", "--", "./run-tests.sh");

        result.Exit.ShouldBe(ExitCodes.NotGreen, result.All);
        result.Error.ShouldContain($"the tests failed on head {head} (exit code 1)");
        (await app.Get<Evidence>("/v1/changes/first-3/evidence")).Attestations.ShouldBeNull();
    }

    [Fact]
    public async Task a_base_run_that_fails_with_no_test_case_failing_is_refused_when_junit_reports_are_compared()
    {
        // The base cannot even run the tests (the runner's report goes nowhere there): failed, but for another reason.
        Git("init", "-q", "-b", "main");
        var @base = Commit("add", ("run-tests.sh", "#!/bin/sh\nprintf '<testsuite/>' > report.xml\nexit 2\n"), ("lib.sh", ""));
        Git("checkout", "-q", "-b", "feature");
        var head = Commit("sub", ("run-tests.sh", Runner), ("lib.sh", "sub() { echo $(($1 - $2)); }\n"), ("tests/sub_test.sh", SubTest));
        await Propose("first-4", head, @base);

        var result = await Cli("validate", "--first", "--change", "first-4", "--check", "unit", "--base", "main", "--tests", "tests/**",
            "--junit", "report.xml", "--", "./run-tests.sh");

        result.Exit.ShouldBe(ExitCodes.NotRedFirst, result.All);
        result.Error.ShouldContain("none of its test cases failed there and passed on head");
        (await app.Get<Evidence>("/v1/changes/first-4/evidence")).Attestations.ShouldBeNull();
    }

    [Fact]
    public async Task first_without_a_base_or_a_glob_that_matches_nothing_is_a_usage_error()
    {
        var (@base, head) = Repo();
        await Propose("first-5", head, @base);
        (await Cli("validate", "--first", "--change", "first-5", "--check", "unit", "--tests", "tests/**", "--", "./run-tests.sh")).Exit.ShouldBe(ExitCodes.Usage);
        var none = await Cli("validate", "--first", "--change", "first-5", "--check", "unit", "--base", "main", "--tests", "spec/**", "--", "./run-tests.sh");
        none.Exit.ShouldBe(ExitCodes.Usage);
        none.Error.ShouldContain("No file of");
        (await app.Get<Evidence>("/v1/changes/first-5/evidence")).Attestations.ShouldBeNull();
    }
}
