using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Integrity;

/// <summary>
/// Tampering done the way a database administrator could: SQL straight against the event table, behind the ledger's
/// back. Each test works on its own changes; whole-ledger checks are in their own class.
/// </summary>
public sealed class VerifyingTheLedger(LedgerApp app) : IClassFixture<LedgerApp>
{
    private async Task History(string id)
    {
        await (await app.Post("/v1/changes", Requests.Generated(id))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{id}/validations", Requests.Check("unit-tests", "c0ffee1", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{id}/ownership", new TransferOwnershipRequest("bob", "carol", "handover"))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{id}/reviews", Requests.Review("rita", "c0ffee1"))).ShouldHaveStatus(201);
    }

    private Task<VerificationReport> Verify(string id) => app.Get<VerificationReport>($"/v1/integrity/verify?changeId={id}");

    private Task Tamper(string sql) => app.Count(sql + "; select 0");

    [Fact]
    public async Task every_event_on_the_trail_carries_a_hash_and_an_untouched_change_verifies_clean()
    {
        await History("clean-1");

        var trail = await app.Get<AuditTrail>("/v1/changes/clean-1/trail");
        var report = await Verify("clean-1");

        trail.Events.ShouldAllBe(e => e.Hash != null && e.Hash.Length == 64);
        trail.Events.Select(e => e.Hash).Distinct().Count().ShouldBe(4);
        report.Breaks.ShouldBeEmpty();
        report.Intact.ShouldBeTrue();
        report.Events.ShouldBe(4);
    }

    [Fact]
    public async Task a_changed_event_is_reported_with_its_change_and_version()
    {
        await History("upd-1");
        await Tamper("update ledger.mt_events set data = jsonb_set(data, '{to}', '\"mallory\"') where stream_id = 'upd-1' and version = 3");

        var report = await Verify("upd-1");

        report.Intact.ShouldBeFalse();
        report.Breaks.Select(b => (b.StreamId, b.Version, b.Kind)).ShouldBe([("upd-1", 3L, "changed")]);
    }

    [Fact]
    public async Task a_deleted_event_is_reported_with_its_change_and_version()
    {
        await History("del-1");
        await Tamper("delete from ledger.mt_events where stream_id = 'del-1' and version = 2");

        var report = await Verify("del-1");

        report.Breaks.Select(b => (b.StreamId, b.Version, b.Kind)).ShouldBe([("del-1", 2L, "deleted")]);
    }

    [Fact]
    public async Task deleting_the_last_event_of_a_stream_is_reported_as_truncation()
    {
        await History("last-1");
        await Tamper("delete from ledger.mt_events where stream_id = 'last-1' and version = 4");

        var report = await Verify("last-1");

        report.Breaks.Select(b => (b.StreamId, b.Version, b.Kind)).ShouldBe([("last-1", 4L, "truncated")]);
    }

    [Fact]
    public async Task swapping_two_versions_is_reported_at_both_and_at_the_link_after_them()
    {
        await History("swap-1");
        await Tamper("""
            update ledger.mt_events set version = -1 where stream_id = 'swap-1' and version = 2;
            update ledger.mt_events set version = 2 where stream_id = 'swap-1' and version = 3;
            update ledger.mt_events set version = 3 where stream_id = 'swap-1' and version = -1
            """);

        var report = await Verify("swap-1");

        report.Intact.ShouldBeFalse();
        // Version 4 is reported too: it still links to the event that now sits at version 2.
        report.Breaks.Where(b => b.Kind == "inserted_or_reordered").Select(b => (b.StreamId, b.Version)).ShouldBe([("swap-1", 2L), ("swap-1", 3L), ("swap-1", 4L)]);
        report.Breaks.Where(b => b.Kind == "changed").Select(b => b.Version).ShouldBe([2L, 3L]);
    }

    [Fact]
    public async Task an_inserted_event_is_reported_where_it_was_inserted()
    {
        await History("ins-1");
        await Tamper("""
            update ledger.mt_events set version = version + 1 where stream_id = 'ins-1' and version >= 3 and version = (select max(version) from ledger.mt_events where stream_id = 'ins-1');
            update ledger.mt_events set version = version + 1 where stream_id = 'ins-1' and version = 3;
            insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers)
            select nextval('ledger.mt_events_sequence'), gen_random_uuid(), stream_id, 3, data, type, timestamp, tenant_id, mt_dotnet_type, headers
            from ledger.mt_events where stream_id = 'ins-1' and version = 2
            """);

        var report = await Verify("ins-1");

        report.Breaks.ShouldContain(b => b.StreamId == "ins-1" && b.Version == 3 && b.Kind == "inserted_or_reordered");
    }

    [Fact]
    public async Task a_deleted_stream_is_reported_as_missing()
    {
        await History("gone-1");
        await Tamper("delete from ledger.mt_streams where id = 'gone-1'");

        var report = await Verify("gone-1");

        report.Breaks.Select(b => (b.StreamId, b.Kind)).ShouldBe([("gone-1", "missing_stream")]);
    }

    [Fact]
    public async Task a_split_chains_the_parent_and_every_child()
    {
        await History("split-1");
        await (await app.Post("/v1/changes/split-1/splits", new SplitChangeRequest(
            [new SplitChildBody("split-1a", "a"), new SplitChildBody("split-1b", "b")], "erin", "too big"))).ShouldHaveStatus(201);

        foreach (var id in new[] { "split-1", "split-1a", "split-1b" })
            (await Verify(id)).ShouldSatisfyAllConditions(r => r.Intact.ShouldBeTrue(), r => r.Events.ShouldBeGreaterThan(0));
    }

    [Fact]
    public async Task a_range_verifies_every_stream_touched_in_it_and_reports_a_tampered_one()
    {
        await History("range-1");
        var recordedAt = (await app.Get<ChangeSummary>("/v1/changes/range-1")).RecordedAt;
        await Tamper("update ledger.mt_events set data = jsonb_set(data, '{reviewer}', '\"mallory\"') where stream_id = 'range-1' and version = 4");

        var report = await app.Get<VerificationReport>(
            $"/v1/integrity/verify?from={Uri.EscapeDataString(recordedAt.ToString("O"))}&to={Uri.EscapeDataString(recordedAt.AddMinutes(5).ToString("O"))}");

        report.Breaks.ShouldContain(b => b.StreamId == "range-1" && b.Version == 4 && b.Kind == "changed");
        report.Streams.ShouldBeGreaterThanOrEqualTo(1);
    }
}
