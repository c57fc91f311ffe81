using ChangeLedger.Access;

namespace ChangeLedger.Tests.Decisions;

public sealed class RepositoryPatternTests
{
    [Theory]
    [InlineData("*", "github.com/acme/payments", true)]
    [InlineData("github.com/acme/*", "github.com/acme/payments", true)]
    [InlineData("github.com/acme/*", "github.com/acme/", true)]
    [InlineData("github.com/acme/*", "github.com/acme", false)]
    [InlineData("github.com/acme/*", "github.com/other/payments", false)]
    [InlineData("GitHub.com/Acme/*", "github.com/acme/web", true)]
    [InlineData("github.com/acme/payments", "github.com/acme/payments", true)]
    [InlineData("github.com/acme/payments", "github.com/acme/payments-v2", false)]
    [InlineData("*/acme/*", "gitlab.com/acme/web", true)]
    [InlineData("*/acme/*", "gitlab.com/acme", false)]
    [InlineData("github.com/*/web", "github.com/acme/web", true)]
    [InlineData("github.com/*/web", "github.com/acme/web/x", false)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("a.c", "abc", false)]
    public void a_pattern_matches_exactly_what_its_stars_allow(string pattern, string repository, bool matches) =>
        RepositoryPattern.Matches(pattern, repository).ShouldBe(matches);
}
