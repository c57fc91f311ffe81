using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Hosting;
using ChangeLedger.Tests.Support;
using Marten;

namespace ChangeLedger.Tests.Api.WritePath;

/// <summary>
/// Writers that race, and the rows a lost race leaves behind. The whole-ledger verification runs here, so this class
/// keeps its own database and takes care that what it leaves is either genuine or deliberately forged.
/// </summary>
public sealed class RacingWriters(LedgerApp app) : IClassFixture<LedgerApp>
{
    private Task<VerificationReport> VerifyAll() => app.Get<VerificationReport>("/v1/integrity/verify");

    private Task<long> Tombstones() => app.Count($"select count(*) from {LedgerStorage.Schema}.mt_events where stream_id = 'mt_tombstone'");

    [Fact]
    public async Task a_split_naming_a_child_that_exists_is_change_exists_and_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Human("sp-taken"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("sp-parent"))).ShouldHaveStatus(201);
        var tombstonesBefore = await Tombstones();

        var split = new SplitChangeRequest([new("sp-new", "a"), new("sp-taken", "b")], "erin", "too big");
        await (await app.Post("/v1/changes/sp-parent/splits", split)).ShouldBeProblem(409, "change-exists");

        (await app.EventCount("sp-parent")).ShouldBe(1);
        (await app.EventCount("sp-new")).ShouldBe(0);
        (await app.EventCount("sp-taken")).ShouldBe(1);
        (await Tombstones()).ShouldBe(tombstonesBefore);
        (await VerifyAll()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task ten_identical_first_puts_of_a_policy_answer_one_201_and_nine_200()
    {
        var policy = new SetPolicyRequest(["unit"], 1, true, "ann");
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.Put("/v1/repositories/github.com%2Fracing%2Fpolicy/policy", policy)));

        answers.Count(a => (int)a.StatusCode == 201).ShouldBe(1);
        answers.Count(a => (int)a.StatusCode == 200).ShouldBe(9);
        (await app.EventCount("~policy:github.com%2Fracing%2Fpolicy")).ShouldBe(1);
        // The losers of the race to create the stream were retried; a retry that succeeds is not an error.
        app.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task eight_writers_on_one_change_queue_and_each_lands_once_in_order()
    {
        await (await app.Post("/v1/changes", Requests.Generated("busy-1", head: "h1"))).ShouldHaveStatus(201);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            app.Post("/v1/changes/busy-1/validations", Requests.Check($"job-{i}", "h1", ValidationOutcome.Passed))));

        answers.ShouldAllBe(a => (int)a.StatusCode == 201);
        (await app.EventCount("busy-1")).ShouldBe(41);
        var versions = await Task.WhenAll(answers.Select(a => a.Read<WriteResult>(201)));
        versions.Select(v => v.Version).Order().ShouldBe(Enumerable.Range(2, 40).Select(v => (long)v));
        (await app.Get<VerificationReport>("/v1/integrity/verify?changeId=busy-1")).Intact.ShouldBeTrue();
        // Writes that queued behind one another were committed together (group commit): fewer commits than writes.
        var trail = await app.Get<AuditTrail>("/v1/changes/busy-1/trail");
        trail.Events.Skip(1).Select(e => e.RecordedAt).Distinct().Count().ShouldBeLessThan(40);
        // Writers queue on the change's lock: nothing to retry, and nothing logged as an error.
        app.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task rows_marten_leaves_for_a_failed_save_are_told_from_forged_rows()
    {
        await (await app.Post("/v1/changes", Requests.Human("ts-1"))).ShouldHaveStatus(201);

        // A save that fails after drawing sequence numbers: an append whose transaction then breaks on a taken receipt
        // id. Marten fills the numbers it drew with tombstones off the caller's path, so wait for them.
        var before = await Tombstones();
        var receipt = new IngestionReceipt("ts-taken", "ts-1", "test", "", 201, "{}", 1, DateTimeOffset.UtcNow);
        await using (var first = app.Store.LightweightSession())
        {
            first.Insert(receipt);
            await first.SaveChangesAsync();
        }
        await using (var session = app.Store.LightweightSession())
        {
            session.LastModifiedBy = "test";
            session.Events.Append("ts-1", new ChangeWithdrawn("ts-1", "x", "y", DateTimeOffset.UtcNow));
            session.Insert(receipt);
            await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
        }
        for (var i = 0; i < 100 && await Tombstones() == before; i++) await Task.Delay(50);
        (await Tombstones()).ShouldBeGreaterThan(before);

        await (await app.Post("/v1/integrity/checkpoints", new { })).ShouldHaveStatus(201);
        var report = await VerifyAll();
        report.Breaks.ShouldBeEmpty();
        report.Intact.ShouldBeTrue();

        // A forged row in the tombstone stream that is not a tombstone, and a "tombstone" inside a change's stream.
        await app.Count($$"""
            insert into {{LedgerStorage.Schema}}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, is_archived)
            select nextval('{{LedgerStorage.Schema}}.mt_events_sequence'), gen_random_uuid(), 'mt_tombstone', 999999, '{"changeId":"ts-1"}', 'change_withdrawn', now(), '*DEFAULT*', null, null, false;
            insert into {{LedgerStorage.Schema}}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, is_archived)
            select nextval('{{LedgerStorage.Schema}}.mt_events_sequence'), gen_random_uuid(), 'ts-1', 2, '{}', 'tombstone', now(), '*DEFAULT*', null, null, false;
            select 0
            """);
        var tampered = await VerifyAll();
        tampered.Intact.ShouldBeFalse();
        tampered.Breaks.ShouldContain(b => b.StreamId == "mt_tombstone" && b.Kind == "unchained");
        tampered.Breaks.ShouldContain(b => b.StreamId == "ts-1");
        await app.Count($"delete from {LedgerStorage.Schema}.mt_events where version in (999999) or (stream_id = 'ts-1' and type = 'tombstone'); select 0");
    }
}
