using System.Diagnostics;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// The service loads its Wolverine handler code pre-generated (TypeLoadMode.Static, no Roslyn shipped). Code that no
/// longer matches the handlers would fail at the first message of that kind, so the checked-in files must be exactly
/// what `codegen write` produces from the code of the day.
/// </summary>
public sealed class GeneratingCodeAhead
{
    private static readonly string CheckedIn = Path.Combine(PostgresServer.RepositoryRoot(), "src", "ChangeLedger", "Internal", "Generated");

    [Fact]
    public async Task the_checked_in_handler_code_is_what_codegen_writes_today()
    {
        var server = await PostgresServer.Get();
        var scratch = Directory.CreateTempSubdirectory("changeledger-codegen-").FullName;
        try
        {
            // `codegen write` writes under the content root, which for the service as an operator runs it is the working directory.
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ChangeLedger.dll"), "codegen", "write"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = scratch,
            };
            start.Environment["ConnectionStrings__Ledger"] = server.ConnectionString;
            var (exit, output) = await ServiceProcess.RunToEnd(start);
            exit.ShouldBe(0, output);

            var written = Files(Path.Combine(scratch, "Internal", "Generated"));
            var stale = Files(CheckedIn);
            var advice = "Run `dotnet run --project src/ChangeLedger -- codegen write` (with ConnectionStrings__Ledger set) and commit src/ChangeLedger/Internal/Generated.";
            stale.Keys.Order().ShouldBe(written.Keys.Order(), advice);
            foreach (var (file, text) in written) stale[file].ShouldBe(text, $"{file} differs. {advice}");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"));
}
