using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

public sealed class SplittingAChange(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task each_child_has_its_own_trail_and_points_back_to_the_parent()
    {
        await (await app.Post("/v1/changes", Requests.Generated("big-1"))).ShouldHaveStatus(201);
        var split = new SplitChangeRequest(
            [new("big-1.api", "API part", new ScopeBody(["src/api/**"])), new("big-1.db", "Schema part", new ScopeBody(["db/**"]))],
            "erin", "too large to review at once");
        (await (await app.Post("/v1/changes/big-1/splits", split)).Read<WriteResult>(201)).Version.ShouldBe(2);

        var parent = await app.Get<ChangeSummary>("/v1/changes/big-1");
        parent.Status.ShouldBe(ChangeStatus.Split);
        parent.ChildChangeIds.ShouldBe(["big-1.api", "big-1.db"]);

        foreach (var child in new[] { "big-1.api", "big-1.db" })
        {
            var summary = await app.Get<ChangeSummary>("/v1/changes/" + child);
            summary.ParentChangeId.ShouldBe("big-1");
            summary.Owner.ShouldBe("alice");
            summary.Origin.Tool.ShouldBe("claude-code");
            summary.Status.ShouldBe(ChangeStatus.Proposed);
            var trail = await app.Get<AuditTrail>($"/v1/changes/{child}/trail");
            trail.Events.Single().Type.ShouldBe("change_proposed");
            trail.Events.Single().Data.GetProperty("parentChangeId").GetString().ShouldBe("big-1");
            (await app.Get<OwnershipHistory>($"/v1/changes/{child}/ownership")).History.Single().Reason.ShouldBe("split from big-1");
        }
        (await app.Get<ChangeSummary>("/v1/changes/big-1.db")).Scope.Includes.ShouldBe(["db/**"]);

        // The parent accepts no release now, and says why.
        var release = await (await app.Post("/v1/changes/big-1/releases", Requests.Release())).Read<ReleaseOutcome>(409);
        release.Verdict.Rules.Single(r => r.Rule == "status-allows-release").Detail.ShouldContain("split");
    }

    [Fact]
    public async Task a_split_into_an_existing_change_stores_nothing()
    {
        await (await app.Post("/v1/changes", Requests.Human("taken-1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("parent-2"))).ShouldHaveStatus(201);

        var response = await app.Post("/v1/changes/parent-2/splits", new SplitChangeRequest([new("fresh-1", "a"), new("taken-1", "b")], "erin", "split"));

        await response.ShouldBeProblem(409, "change-exists");
        (await app.EventCount("parent-2")).ShouldBe(1);
        (await app.EventCount("fresh-1")).ShouldBe(0);
        (await app.EventCount("taken-1")).ShouldBe(1);
    }
}
