using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Support.Exports;

namespace ChangeLedger.Tests.Api.Exports;

public sealed class AskingWhatAPersonDid(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task listing_changes_by_reviewer_and_period_returns_only_what_they_reviewed_then()
    {
        await (await app.Post("/v1/changes", Requests.Human("rv-1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("rv-2"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rv-1/reviews", Requests.Review("rita", "c0ffee1"))).ShouldHaveStatus(201);
        var proposedAt = (await app.Get<ChangeSummary>("/v1/changes/rv-1")).RecordedAt;

        var inPeriod = await app.Get<ChangePage>($"/v1/changes?reviewer=rita&since={Q(proposedAt)}&until={Q(proposedAt.AddMinutes(5))}");
        var before = await app.Get<ChangePage>($"/v1/changes?reviewer=rita&until={Q(proposedAt)}");

        inPeriod.Items.Select(c => c.ChangeId).ShouldBe(["rv-1"]);
        before.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_owner_query_answers_what_a_person_owned_or_approved_in_the_period()
    {
        await (await app.Post("/v1/changes", Requests.Human("ow-1", owner: "olga"))).ShouldHaveStatus(201);
        var transfer = await (await app.Post("/v1/changes/ow-1/ownership", new TransferOwnershipRequest("pete", "lead-lee", "olga moved teams"))).Read<WriteResult>(201);
        await (await app.Post("/v1/changes", Requests.Human("ow-2", owner: "pete"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/ow-2/reviews", Requests.Review("quinn", "c0ffee1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/ow-2/reviews", Requests.Review("quinn", "c0ffee1", ReviewDecision.RevisionRequested))).ShouldHaveStatus(201);
        var handedOverAt = (await app.Get<OwnershipHistory>("/v1/changes/ow-1/ownership")).History[^1].RecordedAt;
        await app.CatchUp();

        var pete = await app.Get<PersonChanges>("/v1/owners/pete/changes");
        var olgaAll = await app.Get<PersonChanges>("/v1/owners/olga/changes");
        var olgaAfter = await app.Get<PersonChanges>($"/v1/owners/olga/changes?since={Q(handedOverAt.AddTicks(10))}");
        var quinn = await app.Get<PersonChanges>("/v1/owners/quinn/changes");

        pete.Changes.Select(c => c.ChangeId).ShouldBe(["ow-1", "ow-2"]);
        pete.Changes[0].Owned.Single().ShouldBe(new OwnedSpell(handedOverAt, null, transfer.Version, null));
        pete.Changes[0].Repository.ShouldBe(Requests.Repository);
        olgaAll.Changes.Single().Owned.Single().Until.ShouldBe(handedOverAt);
        olgaAfter.Changes.ShouldBeEmpty();
        quinn.Changes.Single().ChangeId.ShouldBe("ow-2");
        quinn.Changes.Single().Approvals.Single().Commit.ShouldBe("c0ffee1");
        quinn.Changes.Single().Owned.ShouldBeEmpty();
    }
}
