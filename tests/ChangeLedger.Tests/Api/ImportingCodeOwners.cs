using System.Net.Http.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>A repository's CODEOWNERS file is imported as a versioned fact and read back the way its forge reads it.</summary>
public sealed class ImportingCodeOwners(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Url = "/v1/repositories/github.com%2Facme%2Fowned/code-owners";

    private const string GitHubFile = """
        *            @acme/everyone
        /src/api/    @acme/api alice@example.com
        !secrets     @nobody
        """;

    [Fact]
    public async Task an_imported_file_answers_who_owns_each_path_and_which_lines_github_would_skip()
    {
        var set = await (await app.Put(Url, new CodeOwnersRequest(CodeOwnersDialect.Github, GitHubFile, "platform-team", "from main at 1a2b3c4")))
            .Read<CodeOwners>(201);
        set.Version.ShouldBe(1);
        set.Digest.Length.ShouldBe(64);
        set.Read.Errors.Single().Line.ShouldBe(3);

        var read = await app.Get<CodeOwners>(Url + "?path=src/api/v1/orders.cs&path=README.md");
        read.Paths!.Select(p => (p.Path, string.Join(' ', p.Owners))).ShouldBe(
            [("src/api/v1/orders.cs", "@acme/api alice@example.com"), ("README.md", "@acme/everyone")]);
        read.SetBy.ShouldBe("platform-team");
        read.Reason.ShouldBe("from main at 1a2b3c4");
    }

    [Fact]
    public async Task the_same_file_again_records_nothing_and_a_new_one_is_a_new_version_readable_as_of_before()
    {
        const string url = "/v1/repositories/gitlab.com%2Facme%2Fversions/code-owners";
        var first = await (await app.Put(url, new CodeOwnersRequest(CodeOwnersDialect.Gitlab, "[Backend][2] @backend\n/src/\n", "ann"))).Read<CodeOwners>(201);
        var again = await (await app.Put(url, new CodeOwnersRequest(CodeOwnersDialect.Gitlab, "[Backend][2] @backend\n/src/\n", "ann"))).Read<CodeOwners>(200);
        again.Version.ShouldBe(1);
        var second = await (await app.Put(url, new CodeOwnersRequest(CodeOwnersDialect.Gitlab, "[Backend] @platform\n/src/\n", "ann"))).Read<CodeOwners>(200);
        second.Version.ShouldBe(2);

        var now = await app.Get<CodeOwners>(url + "?path=src/a.cs");
        Described(now.Paths!.Single()).ShouldBe("src/a.cs Backend @platform approvals=1 optional=False line=2");
        var before = await app.Get<CodeOwners>($"{url}?path=src/a.cs&asOf={Uri.EscapeDataString(first.SetAt.AddTicks(1).ToString("O"))}");
        Described(before.Paths!.Single()).ShouldBe("src/a.cs Backend @backend approvals=2 optional=False line=2");
        (await app.EventCount("~codeowners:" + Uri.EscapeDataString("gitlab.com/acme/versions"))).ShouldBe(2);
    }

    private static string Described(PathOwnership p) =>
        $"{p.Path} {p.Section} {string.Join(' ', p.Owners)} approvals={p.Approvals} optional={p.Optional} line={p.Line}";

    [Fact]
    public async Task a_bad_import_is_a_problem_and_stores_nothing_and_a_repository_outside_the_key_is_unknown()
    {
        await (await app.Put("/v1/repositories/bad-import/code-owners", new CodeOwnersRequest(null, "", "ann")))
            .ShouldBeProblem(400, "validation");
        (await app.EventCount("~codeowners:bad-import")).ShouldBe(0);
        await (await app.Client.GetAsync("/v1/repositories/bad-import/code-owners")).ShouldBeProblem(404, "no-code-owners");

        var scoped = app.ClientWith(await app.IssueKey("team-a-admin", [Roles.Admin, Roles.Read], "github.com/team-a/*"));
        await (await scoped.PutAsJsonAsync(Url, new CodeOwnersRequest(CodeOwnersDialect.Github, "* @x", "eve"), LedgerApp.Json)).ShouldBeProblem(404, "unknown-repository");
        await (await scoped.GetAsync(Url)).ShouldBeProblem(404, "unknown-repository");
    }

    [Fact]
    public async Task the_cli_imports_a_file_and_says_which_lines_the_forge_would_skip()
    {
        var folder = Directory.CreateTempSubdirectory("cl-owners-").FullName;
        var file = Path.Combine(folder, ".gitlab", "CODEOWNERS");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "[Backend][2] @backend\n/src/\n[Broken][zero]\n");

        var imported = await app.Cli("owners", "import", file, "--repository", "gitlab.com/acme/cli-owned", "--set-by", "ann", "--reason", "at e4f5a6b");
        var missing = await app.Cli("owners", "import", Path.Combine(folder, "nope"), "--repository", "gitlab.com/acme/cli-owned", "--set-by", "ann");

        imported.Exit.ShouldBe(0, imported.All);
        imported.Out.ShouldContain("gitlab.com/acme/cli-owned: code owners v1 (gitlab, sha256 ");
        imported.Out.ShouldContain("1 rule(s) in 1 section(s), set by ann");
        imported.Out.ShouldContain("line 3 skipped: A section's approval count is a whole number");
        missing.Exit.ShouldNotBe(0);
        missing.All.ShouldContain("cannot read");
        (await app.Get<CodeOwners>("/v1/repositories/gitlab.com%2Facme%2Fcli-owned/code-owners?path=src/a.cs")).Paths!.Single().Approvals.ShouldBe(2);
        Directory.Delete(folder, recursive: true);
    }
}
