using Npgsql;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// One rule decides what a key sees, in memory (single reads, writes) and in SQL (lists, exports): every case is
/// asked of both, and both must give the same answer.
/// </summary>
public sealed class RepositoryScopeTests
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "*", "github.com/acme/payments", true },
        { "github.com/acme/*", "github.com/acme/payments", true },
        { "github.com/acme/*", "github.com/acme/", true },
        { "github.com/acme/*", "github.com/acme", false },
        { "github.com/acme/*", "github.com/other/payments", false },
        { "GitHub.com/Acme/*", "github.com/acme/web", true },
        { "github.com/acme/*", "GITHUB.COM/ACME/Web", true },
        { "github.com/acme/payments", "github.com/acme/payments", true },
        { "github.com/acme/payments", "github.com/acme/payments-v2", false },
        { "*/acme/*", "gitlab.com/acme/web", true },
        { "*/acme/*", "gitlab.com/acme", false },
        { "github.com/*/web", "github.com/acme/web", true },
        { "github.com/*/web", "github.com/acme/web/x", false },
        { "a*b*c", "abc", true },
        { "a*b*c", "axxbyyc", true },
        { "a*b*c", "acb", false },
        { "ab*ba", "aba", false },
        { "a.c", "abc", false },
        { "a_c", "abc", false },
        { "100%", "1000", false },
        { @"a\b", @"a\b", true },
        // Only ASCII letters fold: PostgreSQL and .NET disagree on the rest, so neither side folds them.
        { "github.com/émile/*", "github.com/Émile/x", false },
        { "github.com/émile/*", "github.com/émile/x", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void a_pattern_matches_exactly_what_its_stars_allow(string pattern, string repository, bool matches) =>
        new RepositoryScope([pattern]).Matches(repository).ShouldBe(matches);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task postgresql_matches_a_pattern_exactly_as_memory_does(string pattern, string repository, bool matches)
    {
        var server = await PostgresServer.Get();
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select {RepositoryScope.SqlCondition("@repository", "@patterns")}", connection);
        command.Parameters.AddWithValue("repository", repository);
        command.Parameters.AddWithValue("patterns", new RepositoryScope([pattern]).SqlPatterns());
        ((bool)(await command.ExecuteScalarAsync())!).ShouldBe(matches);
    }

    [Fact]
    public void a_scope_lies_within_another_only_when_each_of_its_patterns_does()
    {
        var admin = new RepositoryScope(["github.com/acme/*"]);
        new RepositoryScope(["github.com/acme/web", "github.com/acme/api*"]).IsWithin(admin).ShouldBeTrue();
        new RepositoryScope(["github.com/acme/web", "github.com/*"]).IsWithin(admin).ShouldBeFalse();
        RepositoryScope.Everything.IsWithin(admin).ShouldBeFalse();
    }
}
