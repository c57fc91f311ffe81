using System.Text.Json.Nodes;
using ChangeLedger.Hosting;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Api.Audits.AuditStory;

namespace ChangeLedger.Tests.Api.Audits;

/// <summary>
/// An auditor keeps a report, then checks it offline with the ledger's public key, and later against a report taken
/// after it. A release removed from the file, or deleted from or slipped into the ledger's table behind its back, fails
/// `changeledger audit verify` with its own exit code (4).
/// </summary>
public sealed class ProvingAnAuditComplete(LedgerApp app) : IClassFixture<LedgerApp>, IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "audit-proofs-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> Saved(string path, string name)
    {
        var file = Path.Combine(_dir, name);
        var response = await app.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, body + app.ServerErrors());
        await File.WriteAllTextAsync(file, body);
        return file;
    }

    private async Task<string> PublicKey()
    {
        var file = Path.Combine(_dir, "key.pem");
        var answer = await app.Get<System.Text.Json.JsonElement>("/v1/integrity/public-key");
        await File.WriteAllTextAsync(file, answer.GetProperty("publicKeyPem").GetString());
        return file;
    }

    /// <summary>A later audit asked to prove its logs grew from the kept report's: since = the kept report's ledger sequence.</summary>
    private static async Task<string> Since(string report) => "&since=" + await Sequence(report);

    private Task<CliResult> Verify(string report, string key, string? current = null) =>
        current is null ? app.Cli("audit", "verify", report, "--public-key", key) : app.Cli("audit", "verify", report, "--public-key", key, "--current", current);

    [Fact]
    public async Task a_kept_report_verifies_offline_and_one_with_a_release_left_out_does_not()
    {
        var period = await Recorded(app);
        var (report, key) = (await Saved(period.Query(), "report.json"), await PublicKey());

        var intact = await Verify(report, key);

        intact.Exit.ShouldBe(0, intact.All);
        intact.Out.ShouldContain("complete: 5 release(s) to prod in 3 repository release log(s)");
        intact.Out.ShouldContain("each release log is the head ledger checkpoint", customMessage: "the checkpoint the audit was computed at commits to each log it proves");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(report))!;
        json["completeness"]!["ledgerCheckpoint"]!.GetValue<string>().Split('\n')[3].ShouldStartWith("release-heads ");
        json["completeness"]!["logs"]!.AsArray().ShouldAllBe(log => log!["head"]!["proof"] != null);
        json["releases"]!.AsArray().RemoveAt(1);
        var shortened = Path.Combine(_dir, "shortened.json");
        await File.WriteAllTextAsync(shortened, json.ToJsonString());
        var left = await Verify(shortened, key);
        left.Exit.ShouldBe(4, left.All);
        left.Error.ShouldContain("The report was changed after the ledger signed it");
        json = JsonNode.Parse(await File.ReadAllTextAsync(report))!;
        json["total"]!["overridden"] = 0;
        await File.WriteAllTextAsync(shortened, json.ToJsonString());
        (await Verify(shortened, key)).Error.ShouldContain("The report was changed after the ledger signed it", customMessage: "a figure is signed too");
        (await Verify(Path.Combine(_dir, "key.pem"), key)).Exit.ShouldBe(2, "a file that is not a report is named for what it is");
    }

    /// <summary>
    /// Tampering after the checkpoint that the audit does not reach past: the audit reads the ledger as it now is, so
    /// its release log hashes to another root than the head the signed checkpoint committed to before the tampering.
    /// </summary>
    [Fact]
    public async Task a_release_deleted_in_sql_after_the_checkpoint_fails_the_check_of_a_report_at_that_checkpoint()
    {
        var period = await Recorded(app);
        var (honest, key) = (await Saved(period.Query(), "honest.json"), await PublicKey());

        (await app.Count($"with gone as (delete from {LedgerStorage.Schema}.mt_events where stream_id = '{period.Prefix}-a1' and type = 'change_released' " +
                         "and data ->> 'environment' = 'prod' returning 1) select count(*) from gone")).ShouldBe(1);
        var after = await Saved(period.Query(), "after-delete.json");

        (await Sequence(after)).ShouldBe(await Sequence(honest), "the period is covered by the checkpoint already taken, so no new one is");
        var verified = await Verify(after, key);
        verified.Exit.ShouldBe(4, verified.All);
        verified.Error.ShouldContain($"github.com/{period.Prefix}/alpha: the release log of 4 leaves");
        verified.Error.ShouldContain("is not the head ledger checkpoint");
        verified.Error.ShouldNotContain($"github.com/{period.Prefix}/beta");
    }

    [Fact]
    public async Task a_release_inserted_in_sql_below_the_checkpoint_fails_the_check_of_a_report_at_that_checkpoint()
    {
        var period = await Recorded(app);
        var (honest, key) = (await Saved(period.Query(), "honest.json"), await PublicKey());

        // The copy takes the place (the sequence number) of an event of the same change it deletes, below the checkpoint.
        await app.Count($"""
            create temp table slipped as select * from {LedgerStorage.Schema}.mt_events where stream_id = '{period.Prefix}-b2' and type = 'change_released';
            with lint as (delete from {LedgerStorage.Schema}.mt_events where stream_id = '{period.Prefix}-b2' and version = 3 returning seq_id)
            update slipped set seq_id = (select seq_id from lint), id = gen_random_uuid(), version = version + 100;
            insert into {LedgerStorage.Schema}.mt_events select * from slipped;
            select count(*) from slipped
            """);
        var after = await Saved(period.Query(), "after-insert.json");

        (await Sequence(after)).ShouldBe(await Sequence(honest));
        var verified = await Verify(after, key);
        verified.Exit.ShouldBe(4, verified.All);
        verified.Error.ShouldContain($"github.com/{period.Prefix}/beta: the release log of 3 leaves");
        verified.Error.ShouldContain("is not the head ledger checkpoint");
    }

    private static async Task<long> Sequence(string report) =>
        JsonNode.Parse(await File.ReadAllTextAsync(report))!["completeness"]!["ledgerSequence"]!.GetValue<long>();

    [Fact]
    public async Task a_release_deleted_in_sql_after_the_audit_fails_the_check_against_a_later_report()
    {
        var period = await Recorded(app);
        var (report, key) = (await Saved(period.Query(), "before.json"), await PublicKey());
        var later = period with { To = DateTimeOffset.UtcNow.AddMinutes(5) };
        var honest = await Verify(report, key, await Saved(later.Query() + await Since(report), "honest-later.json"));
        honest.Exit.ShouldBe(0, honest.All);
        var unproven = await Verify(report, key, await Saved(later.Query(), "unproven-later.json"));
        unproven.Exit.ShouldBe(4, unproven.All);
        unproven.Error.ShouldContain("the later report carries no consistency proof; ask it with since=", customMessage: "a later report proves growth only from the size it was asked about");

        (await app.Count($"with gone as (delete from {LedgerStorage.Schema}.mt_events where stream_id = '{period.Prefix}-a1' and type = 'change_released' " +
                         "and data ->> 'environment' = 'prod' returning 1) select count(*) from gone")).ShouldBe(1);
        var after = await Verify(report, key, await Saved(later.Query() + await Since(report), "after-delete.json"));

        // The later checkpoint went on from the heads the first one signed, so the later report's own log fails first.
        after.Exit.ShouldBe(4, after.All);
        after.Error.ShouldContain($"the later report: github.com/{period.Prefix}/alpha: the release log of 4 leaves");

        // With the stored heads deleted too, the next checkpoint commits to the log as it now is; the consistency proof from the kept report still fails.
        await app.Count($"with gone as (delete from {LedgerStorage.Schema}.mt_doc_releaseloghead returning 1) select count(*) from gone");
        var rebuilt = await Verify(report, key, await Saved(later.Query() + await Since(report), "after-heads-deleted.json"));
        rebuilt.Exit.ShouldBe(4, rebuilt.All);
        rebuilt.Error.ShouldContain($"github.com/{period.Prefix}/alpha: the release log did not only grow");
        rebuilt.Error.ShouldNotContain("the later report:");
    }

    [Fact]
    public async Task a_release_inserted_in_sql_into_an_audited_period_fails_the_check_against_a_later_report()
    {
        var period = await Recorded(app);
        var (report, key) = (await Saved(period.Query(), "before.json"), await PublicKey());

        await app.Count($"""
            create temp table slipped as select * from {LedgerStorage.Schema}.mt_events where stream_id = '{period.Prefix}-b2' and type = 'change_released';
            update slipped set seq_id = nextval('{LedgerStorage.Schema}.mt_events_sequence'), id = gen_random_uuid(), version = version + 100;
            insert into {LedgerStorage.Schema}.mt_events select * from slipped;
            select count(*) from slipped
            """);
        var after = await Verify(report, key, await Saved((period with { To = DateTimeOffset.UtcNow.AddMinutes(5) }).Query() + await Since(report), "after-insert.json"));

        after.Exit.ShouldBe(4, after.All);
        after.Error.ShouldContain($"github.com/{period.Prefix}/beta: a release recorded after the audit falls into its period");
    }
}
