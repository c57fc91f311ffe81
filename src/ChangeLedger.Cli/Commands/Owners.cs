using System.CommandLine;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger owners import FILE --repository R --set-by P [--dialect github|gitlab] [--reason T] — record the
/// repository's CODEOWNERS file in the ledger, read the way its forge reads it; the lines the forge would skip are
/// printed, and the import still counts, as it does on the forge.
/// </summary>
public static class Owners
{
    public static Command Create(Common common)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS or .gitlab/CODEOWNERS)" };
        var repository = Common.Required("--repository", "The repository, e.g. github.com/acme/payments");
        var setBy = Common.Required("--set-by", "Who imports it");
        var dialect = new Option<CodeOwnersDialect?>("--dialect")
        {
            Description = "github or gitlab: whose semantics the file follows (default: gitlab for a file under .gitlab/, else github)",
        };
        var reason = Common.Optional("--reason", "Why, e.g. the commit it was read from");

        var import = new Command("import", "Record the repository's CODEOWNERS file, read the way its forge reads it") { file, repository, setBy, dialect, reason };
        import.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var source = parse.GetValue(file)!;
            var chosen = parse.GetValue(dialect)
                         ?? (source.FullName.Replace('\\', '/').Contains("/.gitlab/", StringComparison.Ordinal) ? CodeOwnersDialect.Gitlab : CodeOwnersDialect.Github);
            var body = new CodeOwnersRequest(chosen, await Read(source, ct), parse.GetValue(setBy), parse.GetValue(reason));
            var answer = await client.Put($"v1/repositories/{Uri.EscapeDataString(parse.GetValue(repository)!)}/code-owners", body, ct);
            return await common.Report(answer, json, () => Describe(answer.Read<CodeOwners>()));
        }));
        return new Command("owners", "Code owners: import a repository's CODEOWNERS file") { import };
    }

    private static async Task<string> Read(FileInfo file, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllTextAsync(file.FullName, ct);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.NoInput, $"cannot read {file}: {ex.Message}");
        }
    }

    private static string Describe(CodeOwners owners)
    {
        var rules = owners.Read.Sections.Sum(s => s.Rules.Count);
        var lines = new List<string>
        {
            $"{owners.Repository}: code owners v{owners.Version} ({owners.Read.Dialect.ToString().ToLowerInvariant()}, sha256 {owners.Digest[..12]}…), " +
            $"{rules} rule(s) in {owners.Read.Sections.Count} section(s), set by {owners.SetBy} at {owners.SetAt:yyyy-MM-ddTHH:mm:ssZ}",
        };
        lines.AddRange(owners.Read.Errors.Select(e => $"  line {e.Line} skipped: {e.Reason}"));
        return string.Join(Environment.NewLine, lines);
    }
}
