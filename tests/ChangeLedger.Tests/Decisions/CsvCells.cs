using ChangeLedger.Exports;

namespace ChangeLedger.Tests.Decisions;

public sealed class CsvCells
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1+2", "'\t=1+2")]
    [InlineData("\r=1+2", "\"'\r=1+2\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("=a,\"b\"", "\"'=a,\"\"b\"\"\"")]
    [InlineData("", "")]
    public void a_cell_is_defused_then_quoted_when_rfc_4180_needs_it(string value, string cell) => Csv.Cell(value).ShouldBe(cell);

    [Theory]
    [InlineData("github.com/acme/*", "github.com/acme/%")]
    [InlineData("github.com/ac_me/100%", "github.com/ac\\_me/100\\%")]
    public void a_repository_glob_becomes_a_like_pattern_with_sql_wildcards_escaped(string glob, string like) =>
        RepositoryScope.Like(glob).ShouldBe(like);
}
