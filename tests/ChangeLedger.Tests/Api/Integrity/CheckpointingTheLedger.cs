using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Integrity;
using ChangeLedger.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace ChangeLedger.Tests.Api.Integrity;

public sealed class CheckpointingTheLedger(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_checkpoint_is_a_note_signed_with_the_published_key_and_the_untouched_ledger_verifies_against_it()
    {
        await (await app.Post("/v1/changes", Requests.Generated("cp-1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/cp-1/ownership", new TransferOwnershipRequest("bob", "carol", "handover"))).ShouldHaveStatus(201);
        await (await app.Put("/v1/repositories/github.com%2Facme%2Fcp/policy", new SetPolicyRequest(["unit-tests"], 1, true, "sec-team"))).ShouldHaveStatus(201);

        var checkpoint = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        await (await app.Post("/v1/changes", Requests.Human("cp-2"))).ShouldHaveStatus(201);
        var key = await app.Get<PublicKey.PublicKeyAnswer>("/v1/integrity/public-key");
        var report = await app.Get<VerificationReport>("/v1/integrity/verify");

        using var publicKey = Signing.PublicKey(key.PublicKeyPem);
        var lines = checkpoint.Note.Split('\n');
        lines[1].ShouldBe(checkpoint.TreeSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Convert.ToHexStringLower(Convert.FromBase64String(lines[2])).ShouldBe(checkpoint.RootHash);
        lines[3].ShouldStartWith("release-heads ", customMessage: "an extension line: the heads tree of the repositories' release logs");
        lines[4].ShouldBeEmpty();
        lines[5].ShouldStartWith($"\u2014 {lines[0]} ");
        SignedNote.Verify(SignedNote.Parse(checkpoint.Note)!, lines[0], publicKey).ShouldBeTrue();
        checkpoint.KeyId.ShouldBe(key.KeyId);
        checkpoint.TreeSize.ShouldBeGreaterThanOrEqualTo(4);
        report.Breaks.ShouldBeEmpty();
        report.Log!.TreeSize.ShouldBe(checkpoint.TreeSize);
        report.Log.RecomputedRoot.ShouldBe(checkpoint.RootHash);
        report.Log.SignatureValid.ShouldBeTrue();
    }

    [Fact]
    public async Task two_replicas_handling_the_same_scheduled_slot_take_one_checkpoint_and_schedule_the_next_slot_once()
    {
        var slot = DateTimeOffset.UtcNow.AddSeconds(-1);
        var before = await Scheduled();
        var waiting = await ScheduledMessages();

        // Each replica scheduled this slot when it started: both messages come due, and two nodes handle them at once.
        await using var one = app.Host.Services.CreateAsyncScope();
        await using var two = app.Host.Services.CreateAsyncScope();
        await Task.WhenAll(
            one.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new TakeScheduledCheckpoint(slot)),
            two.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new TakeScheduledCheckpoint(slot)));

        (await Scheduled()).ShouldBe(before + 1);
        (await ScheduledMessages()).ShouldBe(waiting + 1);
    }

    private async Task<long> Scheduled()
    {
        await using var session = app.Store.QuerySession();
        return await session.Events.QueryRawEventDataOnly<LogCheckpointRecorded>().CountAsync(c => c.RecordedBy == CheckpointSchedule.RecordedBy);
    }

    /// <summary>Scheduled checkpoints waiting in Wolverine's durable inbox, in PostgreSQL.</summary>
    private async Task<long> ScheduledMessages()
    {
        var schema = await app.Text("select table_schema from information_schema.tables where table_name = 'wolverine_incoming_envelopes'");
        return await app.Count($"select count(*) from {schema}.wolverine_incoming_envelopes where message_type like '%TakeScheduledCheckpoint%' and status = 'Scheduled'");
    }
}

/// <summary>Whole-ledger tampering, in its own database, so it cannot disturb other tests.</summary>
public sealed class TamperingBehindACheckpoint(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_stream_removed_with_its_chain_head_after_a_checkpoint_is_caught_by_the_checkpoint()
    {
        foreach (var id in new[] { "keep-1", "erase-1", "keep-2" })
            await (await app.Post("/v1/changes", Requests.Human(id))).ShouldHaveStatus(201);
        var checkpoint = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        await app.Count("delete from ledger.mt_streams where id = 'erase-1'; delete from ledger.mt_doc_chainhead where id = 'erase-1'; select 0");

        var report = await app.Get<VerificationReport>("/v1/integrity/verify");

        report.Intact.ShouldBeFalse();
        report.Breaks.Single().Kind.ShouldBe("checkpoint");
        report.Log!.RecomputedSize.ShouldBe(checkpoint.TreeSize - 1);
        report.Log.RecomputedRoot.ShouldNotBe(checkpoint.RootHash);
    }
}

/// <summary>A checkpoint goes on from the previous one's frontier.</summary>
public sealed class CheckpointingFromTheLastCheckpoint(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_checkpoint_after_one_taken_before_frontiers_were_kept_reads_the_log_once_and_the_ledger_verifies_against_it()
    {
        await (await app.Post("/v1/changes", Requests.Human("old-1"))).ShouldHaveStatus(201);
        var old = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        // What a checkpoint stored before this version looks like: no frontier.
        await app.Count("update ledger.mt_events set data = data - 'frontier' where type = 'log_checkpoint_recorded'; select 0");
        await (await app.Post("/v1/changes", Requests.Generated("old-2"))).ShouldHaveStatus(201);

        var next = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        await (await app.Post("/v1/changes", Requests.Human("old-3"))).ShouldHaveStatus(201);
        var after = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        var report = await app.Get<VerificationReport>("/v1/integrity/verify");

        (await app.Count($"select count(*) from ledger.mt_events where type = 'log_checkpoint_recorded' and data ? 'frontier' and (data ->> 'sequence')::bigint = {after.Sequence}"))
            .ShouldBe(1);
        report.Log!.RecomputedRoot.ShouldBe(after.RootHash);
        (await TheLogGivesBothRoots(old, next)).ShouldBeTrue();
        (await TheLogGivesBothRoots(next, after)).ShouldBeTrue();
    }

    /// <summary>The log as it is now gives both checkpoints' roots at their sizes: the newer one extends the older.</summary>
    private async Task<bool> TheLogGivesBothRoots(LogCheckpoint older, LogCheckpoint newer)
    {
        var proof = await app.Get<ConsistencyProof>($"/v1/integrity/consistency?from={older.TreeSize}&to={newer.TreeSize}");
        return proof.FromRoot == older.RootHash && proof.ToRoot == newer.RootHash;
    }
}

/// <summary>History rewritten below a checkpoint, in its own database, so it cannot disturb other tests.</summary>
public sealed class RewritingHistoryBelowACheckpoint(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_checkpoint_taken_after_history_was_rewritten_extends_the_signed_log_and_does_not_sign_the_rewrite()
    {
        await (await app.Post("/v1/changes", Requests.Human("inc-1"))).ShouldHaveStatus(201);
        var first = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        await app.Count("update ledger.mt_events set headers = jsonb_set(headers, '{hash}', '\"forged\"') where stream_id = 'inc-1' and version = 1; select 0");
        await (await app.Post("/v1/changes", Requests.Human("inc-2"))).ShouldHaveStatus(201);

        var second = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        var report = await app.Get<VerificationReport>("/v1/integrity/verify");

        second.TreeSize.ShouldBeGreaterThan(first.TreeSize);
        report.Breaks.ShouldContain(b => b.Kind == "checkpoint");
        report.Log!.RecomputedSize.ShouldBe(second.TreeSize);
        report.Log.RecomputedRoot.ShouldNotBe(second.RootHash);
    }
}
