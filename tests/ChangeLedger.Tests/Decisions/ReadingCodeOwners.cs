using ChangeLedger.Contracts;
using ChangeLedger.Policies;

namespace ChangeLedger.Tests.Decisions;

/// <summary>A CODEOWNERS file names the same owners the forge would: GitHub's last-match list, GitLab's sections.</summary>
public sealed class ReadingCodeOwners
{
    private static IReadOnlyList<string> OwnersOf(CodeOwnersFile file, string path, string section = "") =>
        file.Owners([path]).Single(o => o.Section == section).Owners;

    [Fact]
    public void on_github_the_last_matching_pattern_names_every_owner_of_a_path()
    {
        var file = CodeOwnersRules.Parse("""
            # the default owners
            *       @acme/everyone
            *.js    @js-owner   # an inline comment
            /docs/  @acme/docs docs@example.com
            apps/   @octocat
            /apps/github
            """, CodeOwnersDialect.Github);

        file.Errors.ShouldBeEmpty();
        OwnersOf(file, "README.md").ShouldBe(["@acme/everyone"]);
        OwnersOf(file, "src/web/app.js").ShouldBe(["@js-owner"]);
        OwnersOf(file, "docs/guide/intro.js").ShouldBe(["@acme/docs", "docs@example.com"]);
        OwnersOf(file, "src/apps/main.cs").ShouldBe(["@octocat"]);
        // A later pattern without owners leaves the path unowned: the last match decides, even with nobody.
        OwnersOf(file, "apps/github/hook.cs").ShouldBeEmpty();
        file.Owners(["apps/github/hook.cs"]).Single().Line.ShouldBe(6);
    }

    [Fact]
    public void on_github_a_star_stays_in_its_directory_and_a_double_star_crosses_them()
    {
        var file = CodeOwnersRules.Parse("""
            docs/*       @docs
            **/logs      @ops
            """, CodeOwnersDialect.Github);

        OwnersOf(file, "docs/getting-started.md").ShouldBe(["@docs"]);
        OwnersOf(file, "docs/build-app/troubleshooting.md").ShouldBeEmpty();
        OwnersOf(file, "deep/down/logs/today.txt").ShouldBe(["@ops"]);
        file.Owners(["src/main.cs"]).Single().Line.ShouldBeNull();
    }

    [Fact]
    public void github_lines_it_cannot_read_are_reported_and_skipped_as_github_skips_them()
    {
        var file = CodeOwnersRules.Parse("""
            *            @all
            !secret.txt  @nobody
            *.[ch]       @c-team
            src/         not-an-owner
            """, CodeOwnersDialect.Github);

        file.Errors.Select(e => e.Line).ShouldBe([2, 3, 4]);
        file.Errors[0].Reason.ShouldContain("no negation");
        file.Errors[1].Reason.ShouldContain("character ranges");
        file.Errors[2].Reason.ShouldContain("'not-an-owner' is not an owner");
        OwnersOf(file, "secret.txt").ShouldBe(["@all"]);
        OwnersOf(file, "main.c").ShouldBe(["@all"]);
    }

    [Fact]
    public void an_escaped_hash_is_part_of_the_pattern()
    {
        var file = CodeOwnersRules.Parse(@"\#notes.md @scribe", CodeOwnersDialect.Github);
        file.Errors.ShouldBeEmpty();
        OwnersOf(file, "#notes.md").ShouldBe(["@scribe"]);
    }

    [Fact]
    public void on_gitlab_every_section_a_path_matches_applies_with_its_own_approvals_and_defaults()
    {
        var file = CodeOwnersRules.Parse("""
            *.md @tech-writers

            [Backend][2] @acme/backend
            /src/api/
            /src/api/public/ @api-owners

            ^[Security] @acme/security
            /src/api/auth/

            [backend]
            /db/ @dba
            """, CodeOwnersDialect.Gitlab);

        file.Errors.ShouldBeEmpty();
        file.Sections.Select(s => (s.Name, s.Optional, s.Approvals)).ShouldBe([("", false, 1), ("Backend", false, 2), ("Security", true, 1)]);

        var auth = file.Owners(["src/api/auth/login.cs"]).Where(o => o.Owners.Count > 0).ToList();
        auth.Select(o => (o.Section, string.Join(' ', o.Owners), o.Approvals, o.Optional))
            .ShouldBe([("Backend", "@acme/backend", 2, false), ("Security", "@acme/security", 1, true)]);
        OwnersOf(file, "src/api/public/v1.cs", "Backend").ShouldBe(["@api-owners"]);
        // Sections with one name (in any case) are one section.
        OwnersOf(file, "db/schema.sql", "Backend").ShouldBe(["@dba"]);
        OwnersOf(file, "README.md").ShouldBe(["@tech-writers"]);
        OwnersOf(file, "README.md", "Backend").ShouldBeEmpty();
    }

    [Fact]
    public void a_gitlab_header_it_cannot_read_is_reported()
    {
        var file = CodeOwnersRules.Parse("""
            [Broken][zero]
            ^[Optional][2]
            [Fine] @team
            /x/
            """, CodeOwnersDialect.Gitlab);

        file.Errors.Select(e => e.Line).ShouldBe([1, 2]);
        OwnersOf(file, "x/y.cs", "Fine").ShouldBe(["@team"]);
    }
}
