using System.Net.Http.Json;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;
using Marten;

namespace ChangeLedger.Tests.Api.WritePath;

/// <summary>
/// The invariants live in one place each, so a use case added tomorrow cannot skip them: any append is sealed into its
/// chain and stamped with its recorder by the session listener, and every change write, however it arrives, is
/// scoped by the one handler.
/// </summary>
public sealed class EveryAppendPassesTheChokePoints(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task an_append_from_code_that_knows_nothing_of_the_chain_is_still_sealed_and_stamped()
    {
        await (await app.Post("/v1/changes", Requests.Human("cp-1"))).ShouldHaveStatus(201);

        await using (var session = app.Store.LightweightSession())
        {
            session.LastModifiedBy = "key:new-use-case";
            session.Events.Append("cp-1", new ChangeWithdrawn("cp-1", "alice", "a path nobody wrote sealing code for", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var trail = await app.Get<AuditTrail>("/v1/changes/cp-1/trail");
        trail.Events.Count.ShouldBe(2);
        trail.Events[1].Hash.ShouldNotBeNullOrEmpty();
        trail.Events[1].RecordedBy.ShouldBe("key:new-use-case");
        (await app.Get<VerificationReport>("/v1/integrity/verify?changeId=cp-1")).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task an_append_that_does_not_say_who_records_it_is_refused_and_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Human("cp-2"))).ShouldHaveStatus(201);

        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append("cp-2", new ChangeWithdrawn("cp-2", "alice", "anonymous", DateTimeOffset.UtcNow));
            (await Should.ThrowAsync<InvalidOperationException>(() => session.SaveChangesAsync())).Message.ShouldContain("recordedBy");
        }

        (await app.EventCount("cp-2")).ShouldBe(1);
    }

    [Fact]
    public async Task a_change_outside_the_key_scope_is_unknown_to_an_endpoint_a_batch_item_and_a_cdevent_alike()
    {
        await (await app.Post("/v1/changes", Requests.Human("cp-hidden", repository: "github.com/other/secret"))).ShouldHaveStatus(201);
        var scoped = app.ClientWith(await app.IssueKey("team-a-ci", [Roles.Ingest], "github.com/acme/*"));
        var check = Requests.Check("unit", "c0ffee1", ValidationOutcome.Passed);

        await (await scoped.PostAsJsonAsync("/v1/changes/cp-hidden/validations", check, LedgerApp.Json)).ShouldBeProblem(404, "unknown-change");

        var batch = await (await scoped.PostAsJsonAsync("/v1/events", new object[]
        {
            new { type = "validation_recorded", changeId = "cp-hidden", check = "unit", commit = "c0ffee1", outcome = "passed", runner = "gha" },
            new { type = "change_proposed", changeId = "cp-mine", repository = "github.com/other/secret", title = "t", headCommit = "c1", owner = "o",
                submittedBy = "s", origin = new { kind = "human" } },
        }, LedgerApp.Json)).Read<IngestionResults>(200);
        batch.Results[0].Status.ShouldBe(404);
        batch.Results[1].Status.ShouldBe(403);

        (await app.EventCount("cp-hidden")).ShouldBe(1);
        (await app.EventCount("cp-mine")).ShouldBe(0);
    }
}
