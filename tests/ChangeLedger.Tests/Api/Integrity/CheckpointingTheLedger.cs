using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Integrity;
using ChangeLedger.Tests.Support;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChangeLedger.Tests.Api.Integrity;

public sealed class CheckpointingTheLedger(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_checkpoint_is_signed_with_the_published_key_and_the_untouched_ledger_verifies_against_it()
    {
        await (await app.Post("/v1/changes", Requests.Generated("cp-1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/cp-1/ownership", new TransferOwnershipRequest("bob", "carol", "handover"))).ShouldHaveStatus(201);
        await (await app.Put("/v1/repositories/github.com%2Facme%2Fcp/policy", new SetPolicyRequest(["unit-tests"], 1, true, "sec-team"))).ShouldHaveStatus(201);

        var checkpoint = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<Checkpoint>(201);
        await (await app.Post("/v1/changes", Requests.Human("cp-2"))).ShouldHaveStatus(201);
        var key = await app.Get<PublicKey.PublicKeyAnswer>("/v1/integrity/public-key");
        var report = await app.Get<VerificationReport>("/v1/integrity/verify");

        using var publicKey = Signing.PublicKey(key.PublicKeyPem);
        Signing.Verify(publicKey, Signing.Statement(checkpoint with { Signature = null }, Checkpoints.StatementJson), checkpoint.Signature!).ShouldBeTrue();
        checkpoint.KeyId.ShouldBe(key.KeyId);
        report.Breaks.ShouldBeEmpty();
        report.Checkpoint!.Sequence.ShouldBeGreaterThanOrEqualTo(checkpoint.Sequence);
        report.Checkpoint.RecomputedRoot.ShouldBe(report.Checkpoint.SignedRoot);
        report.Checkpoint.SignatureValid.ShouldBeTrue();
    }

    [Fact]
    public async Task the_schedule_takes_a_checkpoint_each_time_the_interval_passes_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Integrity:CheckpointInterval"] = "00:10:00" }).Build();
        var schedule = new CheckpointSchedule(app.Host.Services.GetRequiredService<IServiceScopeFactory>(), clock, configuration, app.Host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<CheckpointSchedule>>());
        var before = await Scheduled();

        await schedule.StartAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(9));
        var beforeTheInterval = await Scheduled();
        var advanced = await AdvanceUntil(clock, before + 2);
        await schedule.StopAsync(CancellationToken.None);

        beforeTheInterval.ShouldBe(before);
        (await Scheduled()).ShouldBe(before + 2);
        advanced.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(11));
    }

    private async Task<long> Scheduled()
    {
        await using var session = app.Store.QuerySession();
        return await session.Events.QueryRawEventDataOnly<CheckpointRecorded>().CountAsync(c => c.RecordedBy == "schedule");
    }

    /// <summary>
    /// The schedule runs on its own task: move the fake clock a minute at a time and give the task a moment to write,
    /// bounded, without asserting how long anything took. Returns how far the clock had to move.
    /// </summary>
    private async Task<TimeSpan> AdvanceUntil(FakeTimeProvider clock, long count)
    {
        var advanced = TimeSpan.Zero;
        for (var i = 0; i < 400 && await Scheduled() < count; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            advanced += TimeSpan.FromMinutes(1);
            await Task.Delay(25);
        }
        return advanced;
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
        var checkpoint = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<Checkpoint>(201);
        await app.Count("delete from ledger.mt_streams where id = 'erase-1'; delete from ledger.mt_doc_chainhead where id = 'erase-1'; select 0");

        var report = await app.Get<VerificationReport>("/v1/integrity/verify");

        report.Intact.ShouldBeFalse();
        report.Breaks.Single().Kind.ShouldBe("checkpoint");
        report.Checkpoint!.RecomputedStreams.ShouldBe(checkpoint.Streams - 1);
        report.Checkpoint.RecomputedRoot.ShouldNotBe(checkpoint.MerkleRoot);
    }
}
