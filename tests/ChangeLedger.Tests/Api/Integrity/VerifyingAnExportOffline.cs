using System.Text;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Integrity;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Integrity;

public sealed class VerifyingAnExportOffline(LedgerApp app) : IClassFixture<LedgerApp>
{
    private async Task<(string[] Lines, string PublicKeyPem)> Export(string p)
    {
        await (await app.Post("/v1/changes", Requests.Generated($"{p}-1", repository: $"github.com/{p}/a"))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{p}-1/ownership", new TransferOwnershipRequest("bob", "carol", "handover"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human($"{p}-2", repository: $"github.com/{p}/b"))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{p}-1/reviews", Requests.Review("rita", "c0ffee1"))).ShouldHaveStatus(201);
        await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).ShouldHaveStatus(201);
        var file = await app.Download($"/v1/exports/trail?repository=github.com/{p}/*");
        var key = await app.Get<PublicKey.PublicKeyAnswer>("/v1/integrity/public-key");
        return (Encoding.UTF8.GetString(file).Split('\n', StringSplitOptions.RemoveEmptyEntries), key.PublicKeyPem);
    }

    private static async Task<FileReport> Verify(string[] lines, string pem)
    {
        using var key = Signing.PublicKey(pem);
        return await TrailFileVerifier.Verify(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")), key);
    }

    [Fact]
    public async Task an_ownership_export_handed_to_the_verifier_is_a_break_not_a_crash()
    {
        var (_, pem) = await Export("ownership-kind");
        var ownership = Encoding.UTF8.GetString(await app.Download("/v1/exports/ownership?format=ndjson&repository=github.com/ownership-kind/*"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var report = await Verify(ownership, pem);

        report.Intact.ShouldBeFalse();
        report.Breaks.ShouldContain(b => b.Detail.Contains("the manifest of an ownership export, not of a trail export"));
    }

    [Fact]
    public async Task an_intact_trail_export_verifies_offline_with_the_public_key_and_ties_to_a_checkpoint()
    {
        var (lines, pem) = await Export("intact");

        var report = await Verify(lines, pem);

        report.Breaks.ShouldBeEmpty();
        report.Intact.ShouldBeTrue();
        report.Events.ShouldBe(4);
        var manifest = Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.Deserialize<DsseEnvelope>(lines[^1])!.PayloadBytes());
        manifest.ShouldContain("\"checkpointNote\":\"");
    }

    [Fact]
    public async Task editing_one_line_of_an_export_is_reported_at_that_line()
    {
        var (lines, pem) = await Export("edit");
        var edited = Array.FindIndex(lines, l => l.Contains("\"handover\""));
        lines[edited] = lines[edited].Replace("\"bob\"", "\"mallory\"");

        var report = await Verify(lines, pem);

        report.Intact.ShouldBeFalse();
        report.Breaks.Where(b => b.Line != lines.Length).Select(b => b.Line).ShouldBe([edited + 1L]);
        report.Breaks.ShouldContain(b => b.Line == lines.Length && b.Detail.Contains("SHA-256"));
    }

    [Fact]
    public async Task a_removed_line_is_reported_at_the_line_that_no_longer_links()
    {
        var (lines, pem) = await Export("gap");
        var removed = Array.FindIndex(lines, l => l.Contains("\"handover\""));

        var report = await Verify([.. lines[..removed], .. lines[(removed + 1)..]], pem);

        report.Breaks.ShouldContain(b => b.Detail.Contains("gap-1 v3") && b.Detail.Contains("missing"));
    }

    [Fact]
    public async Task the_verify_command_names_the_edited_line_and_exits_3_not_intact()
    {
        var (lines, pem) = await Export("cli");
        var edited = Array.FindIndex(lines, l => l.Contains("\"handover\""));
        lines[edited] = lines[edited].Replace("\"handover\"", "\"nothing to see\"");
        var dir = Directory.CreateTempSubdirectory("changeledger-verify-");
        var (file, key) = (Path.Combine(dir.FullName, "trail.ndjson"), Path.Combine(dir.FullName, "key.pem"));
        await File.WriteAllTextAsync(file, string.Join("\n", lines) + "\n");
        await File.WriteAllTextAsync(key, pem);

        var (exit, output) = await Run(file, "--public-key", key);

        exit.ShouldBe(ChangeLedger.Cli.ExitCodes.NotIntact);
        output.ShouldContain($"{file}:{edited + 1}: cli-1 v2: the content does not match its hash");
        dir.Delete(recursive: true);
    }

    /// <summary>The changeledger CLI's verify command; it needs no service, so no client is ever asked for.</summary>
    private static async Task<(int Exit, string Output)> Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var host = new ChangeLedger.Cli.CliHost(_ => throw new InvalidOperationException("verify must not call the service"), output, error);
        var exit = await ChangeLedger.Cli.LedgerCommands.Run(["verify", .. args], host);
        return (exit, output.ToString() + error);
    }
}
