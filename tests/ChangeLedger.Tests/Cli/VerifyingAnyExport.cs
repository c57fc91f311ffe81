using System.Text.Json;
using ChangeLedger.Cli;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>
/// `changeledger verify` is handed whatever a compliance officer downloaded: a trail export verifies, a tampered one
/// does not, and every other export kind is named and refused as not verifiable, in one line.
/// </summary>
public sealed class VerifyingAnyExport(LedgerApp app) : IClassFixture<LedgerApp>, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cl-verify-").FullName;

    public async Task InitializeAsync()
    {
        var changeId = "verify-cli-" + Guid.NewGuid().ToString("N")[..8];
        await (await app.Post("/v1/changes", Requests.Human(changeId))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{changeId}/validations", Requests.Check("lint", "c0ffee1", Contracts.ValidationOutcome.Passed))).ShouldHaveStatus(201);
        using var key = JsonDocument.Parse(await app.Client.GetStringAsync("/v1/integrity/public-key"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "key.pem"), key.RootElement.GetProperty("publicKeyPem").GetString());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<(string File, CliResult Run)> ExportAndVerify(string kind, string format, Func<string, string>? tamper = null)
    {
        var file = Path.Combine(_dir, $"{kind}.{format}");
        (await app.Cli("export", kind, "--format", format, "--output", file)).Exit.ShouldBe(0);
        if (tamper is not null) await File.WriteAllTextAsync(file, tamper(await File.ReadAllTextAsync(file)));
        return (file, await app.Cli("verify", file, "--public-key", Path.Combine(_dir, "key.pem")));
    }

    [Fact]
    public async Task a_trail_export_verifies()
    {
        var (_, run) = await ExportAndVerify("trail", "ndjson");

        run.Exit.ShouldBe(ExitCodes.Ok);
        run.Out.ShouldContain(": intact: ");
        run.Out.ShouldContain("events, every chain link, the row hash and the signature verify");
    }

    [Fact]
    public async Task a_changed_trail_export_is_not_intact()
    {
        var (_, run) = await ExportAndVerify("trail", "ndjson", text => text.Replace("c0ffee1", "c0ffee9"));

        run.Exit.ShouldBe(ExitCodes.NotIntact);
        run.Out.ShouldContain("does not match its hash");
    }

    [Fact]
    public async Task an_ownership_export_is_named_as_not_verifiable()
    {
        var (_, run) = await ExportAndVerify("ownership", "ndjson");

        run.Exit.ShouldBe(ExitCodes.NotVerifiable);
        run.Error.ShouldContain("an ownership export, which is not a verifiable kind");
        run.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("ownership")]
    [InlineData("trail")]
    public async Task a_csv_export_is_refused_in_one_line(string kind)
    {
        var (_, run) = await ExportAndVerify(kind, "csv");

        run.Exit.ShouldBe(ExitCodes.NotVerifiable);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldContain("a CSV export, which is not a verifiable kind");
    }

    [Fact]
    public async Task a_missing_file_exits_66()
    {
        var run = await app.Cli("verify", Path.Combine(_dir, "nothing.ndjson"), "--public-key", Path.Combine(_dir, "key.pem"));

        run.Exit.ShouldBe(ExitCodes.NoInput);
    }
}
