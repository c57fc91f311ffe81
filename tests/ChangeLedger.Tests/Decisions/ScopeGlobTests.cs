using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Tests.Decisions;

/// <summary>The scope dialect (gitignore's), pattern by pattern, both ways.</summary>
public sealed class ScopeGlobTests
{
    [Theory]
    [InlineData("src/refunds/**", "src/refunds/Retry.cs")]
    [InlineData("src/refunds/**", "src/refunds/deep/er/Retry.cs")]
    [InlineData("src/**/Retry.cs", "src/Retry.cs")]
    [InlineData("src/**/Retry.cs", "src/a/b/Retry.cs")]
    [InlineData("**/Retry.cs", "Retry.cs")]
    [InlineData("**/Retry.cs", "src/a/Retry.cs")]
    [InlineData("*.md", "README.md")]
    [InlineData("*.md", "docs/deep/policy.md")]
    [InlineData("docs", "docs/api.md")]
    [InlineData("docs/", "docs/api.md")]
    [InlineData("/src/*.cs", "src/Program.cs")]
    [InlineData("src/*.cs", "src/Program.cs")]
    [InlineData("src/?.cs", "src/a.cs")]
    [InlineData("src/[ab].cs", "src/b.cs")]
    [InlineData("src/[!ab].cs", "src/c.cs")]
    [InlineData("src/[^ab].cs", "src/c.cs")]
    [InlineData("src/[^ab].cs", "src/^.cs")]
    [InlineData("src/[a-c]x.cs", "src/bx.cs")]
    [InlineData("src/\\*.cs", "src/*.cs")]
    [InlineData("**", "anything/at/all.txt")]
    [InlineData("src/refunds", "src/refunds/Retry.cs")]
    [InlineData("a+b(c)/x.cs", "a+b(c)/x.cs")]
    public void a_pattern_matches(string pattern, string path) => ScopeGlob.Matches(pattern, path).ShouldBeTrue();

    [Theory]
    [InlineData("src/refunds/**", "src/refundsX/Retry.cs")]
    [InlineData("src/refunds/**", "src/refunds")]
    [InlineData("src/refunds/**", "lib/src/refunds/Retry.cs")]
    [InlineData("src/*.cs", "src/a/Program.cs")]
    [InlineData("src/*.cs", "lib/src/Program.cs")]
    [InlineData("/src/*.cs", "lib/src/Program.cs")]
    [InlineData("*.md", "README.mdx")]
    [InlineData("docs/", "docs")]
    [InlineData("src/?.cs", "src/ab.cs")]
    [InlineData("src/?.cs", "src//.cs")]
    [InlineData("src/[ab].cs", "src/c.cs")]
    [InlineData("src/[!ab].cs", "src/a.cs")]
    [InlineData("src/[^ab].cs", "src/a.cs")]
    [InlineData("src/\\*.cs", "src/a.cs")]
    [InlineData("src/**/Retry.cs", "src/a/Retry.cs.bak")]
    [InlineData("", "src/a.cs")]
    [InlineData("Src/*.cs", "src/a.cs")]
    public void a_pattern_does_not_match(string pattern, string path) => ScopeGlob.Matches(pattern, path).ShouldBeFalse();

    [Fact]
    public void a_path_is_in_scope_when_an_include_takes_it_and_no_exclude_leaves_it()
    {
        var scope = new Scope(["src/refunds/**", "tests/refunds/**"], ["src/refunds/generated/**", "*.snap"]);

        ScopeGlob.Contains(scope, "src/refunds/Retry.cs").ShouldBeTrue();
        ScopeGlob.Contains(scope, "tests/refunds/RetryTests.cs").ShouldBeTrue();
        ScopeGlob.Contains(scope, "src/refunds/generated/Client.cs").ShouldBeFalse();
        ScopeGlob.Contains(scope, "tests/refunds/__snapshots__/x.snap").ShouldBeFalse();
        ScopeGlob.Contains(scope, "src/ledger/Post.cs").ShouldBeFalse();
    }

    [Fact]
    public void an_empty_scope_takes_in_nothing_and_outside_names_each_path_once_in_the_order_given()
    {
        ScopeGlob.Outside(Scope.Empty, ["a.cs", "b.cs", "a.cs"]).ShouldBe(["a.cs", "b.cs"]);
        ScopeGlob.Outside(new Scope(["src/**"], ["src/secrets/**"]), ["src/a.cs", "deploy/prod.yaml", "src/secrets/key.pem"])
            .ShouldBe(["deploy/prod.yaml", "src/secrets/key.pem"]);
    }

    /// <summary>Bracket classes judged by git itself (<c>git check-ignore --no-index</c> in a scratch repository) and by the scope.</summary>
    [Fact]
    public async Task bracket_classes_match_what_git_matches()
    {
        string[] patterns = ["src/[ab].cs", "src/[!ab].cs", "src/[^ab].cs", "src/[^a-c]x.cs", "src/[]a].cs", "src/[^]a].cs", "src/[!]].cs"];
        string[] paths = ["src/a.cs", "src/c.cs", "src/^.cs", "src/!.cs", "src/].cs", "src/dx.cs", "src/bx.cs", "src/^x.cs"];
        var repository = Directory.CreateTempSubdirectory("cl-glob-");
        try
        {
            (await Git(repository.FullName, "init", "-q")).ExitCode.ShouldBe(0);
            foreach (var pattern in patterns)
            {
                await File.WriteAllTextAsync(Path.Combine(repository.FullName, ".gitignore"), pattern + "\n");
                var (_, ignored) = await Git(repository.FullName, ["check-ignore", "--no-index", .. paths]);
                var byGit = ignored.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                foreach (var path in paths)
                    ScopeGlob.Matches(pattern, path).ShouldBe(byGit.Contains(path), $"{pattern} against {path}: git says {(byGit.Contains(path) ? "match" : "no match")}");
            }
        }
        finally
        {
            repository.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> Git(string directory, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git", args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = System.Diagnostics.Process.Start(start)!;
        var output = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        return (git.ExitCode, output);
    }

    [Fact]
    public void many_double_stars_over_a_deep_path_are_answered_not_timed_out()
    {
        var path = string.Join('/', Enumerable.Repeat("a", 500)) + "/b";
        ScopeGlob.Matches("**/a/**/a/**/a/**/a/**/a/**/c", path).ShouldBeFalse();
        ScopeGlob.Matches("**/a/**/a/**/a/**/a/**/a/**/b", path).ShouldBeTrue();
    }
}
