using System.Diagnostics;
using System.Net.Http.Json;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;
using Npgsql;

namespace ChangeLedger.Tests.Api;

/// <summary>docs/operations.md's backup, as written there: pg_dump of the ledger, pg_restore into a fresh database, a service on it.</summary>
public sealed class BackingUpAndRestoring(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_restored_dump_verifies_its_integrity_chain_on_a_service_pointed_at_it()
    {
        foreach (var id in new[] { "backup-1", "backup-2", "backup-3" })
            await (await app.Post("/v1/changes", Requests.Human(id))).ShouldHaveStatus(201);
        await (await app.Post("/v1/integrity/checkpoints", new { })).ShouldHaveStatus(201);
        var before = await app.Get<VerificationReport>("/v1/integrity/verify");
        before.Intact.ShouldBeTrue();

        var dump = Path.Combine(Path.GetTempPath(), $"changeledger-{app.Database}.dump");
        try
        {
            await PgTool("pg_dump", app.ConnectionString, "--format=custom", "--file", dump);
            await using var restored = await ServiceDatabase.Empty();
            await PgTool("pg_restore", restored.ConnectionString, "--no-owner", "--exit-on-error", dump);

            // A Production start: the restored schema is current, so it starts without applying anything.
            using var service = await restored.Serve(new Dictionary<string, string>());
            var report = (await service.GetFromJsonAsync<VerificationReport>("/v1/integrity/verify", LedgerApp.Json))!;

            report.Intact.ShouldBeTrue(string.Join("; ", report.Breaks));
            report.Breaks.ShouldBeEmpty();
            report.Events.ShouldBeGreaterThanOrEqualTo(before.Events, "every event came across (the new node adds its bootstrap key's)");
            // The checkpoint taken before the dump signs the log; restored, its root still matches and its signature verifies.
            var log = report.Log.ShouldNotBeNull();
            log.SignatureValid.ShouldBeTrue();
            log.RecomputedRoot.ShouldBe(log.SignedRoot);
            (await restored.Count("select count(*) from ledger.mt_events where stream_id like 'backup-%'")).ShouldBe(
                await app.Count("select count(*) from ledger.mt_events where stream_id like 'backup-%'"));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>Runs a PostgreSQL client tool of the server's own version against the database in the connection string.</summary>
    private static async Task PgTool(string tool, string connectionString, params string[] args)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin", tool)).LastOrDefault(File.Exists) ?? tool;
        var start = new ProcessStartInfo(bin, ["--host", cs.Host!, "--port", cs.Port.ToString(), "--username", cs.Username!, "--dbname", cs.Database!, .. args])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        start.Environment["PGPASSWORD"] = cs.Password;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{tool}: {await errors}");
    }
}
