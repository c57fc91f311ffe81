using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

public sealed class ListingChanges(LedgerApp app) : IClassFixture<LedgerApp>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (await app.EventCount("list-00") > 0) return;
        for (var i = 0; i < 12; i++)
        {
            var repo = i % 3 == 0 ? "github.com/acme/web" : Requests.Repository;
            await (await app.Post("/v1/changes", Requests.Generated($"list-{i:00}", owner: i % 2 == 0 ? "alice" : "bob", repository: repo))).ShouldHaveStatus(201);
        }
        await (await app.Post("/v1/changes/list-05/reviews", Requests.Review("erin", "c0ffee1"))).ShouldHaveStatus(201);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task pages_follow_the_cursor_newest_first_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await app.Get<ChangePage>("/v1/changes?limit=5" + (cursor is null ? "" : "&cursor=" + cursor));
            page.Items.Count.ShouldBeLessThanOrEqualTo(5);
            seen.AddRange(page.Items.Select(i => i.ChangeId));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null);

        pages.ShouldBe(3);
        seen.ShouldBe(Enumerable.Range(0, 12).Select(i => $"list-{i:00}").Reverse());
    }

    [Fact]
    public async Task filters_narrow_by_repository_owner_status_and_reviewer()
    {
        (await app.Get<ChangePage>("/v1/changes?repository=github.com%2Facme%2Fweb")).Items.Select(i => i.ChangeId)
            .ShouldBe(["list-09", "list-06", "list-03", "list-00"]);
        (await app.Get<ChangePage>("/v1/changes?owner=bob&repository=github.com%2Facme%2Fweb")).Items.Select(i => i.ChangeId).ShouldBe(["list-09", "list-03"]);
        (await app.Get<ChangePage>("/v1/changes?status=accepted")).Items.Single().ChangeId.ShouldBe("list-05");
        (await app.Get<ChangePage>("/v1/changes?reviewer=erin")).Items.Single().ChangeId.ShouldBe("list-05");
    }

    [Fact]
    public async Task a_limit_over_500_and_a_forged_cursor_are_refused()
    {
        await (await app.Client.GetAsync("/v1/changes?limit=501")).ShouldBeProblem(400, "validation");
        await (await app.Client.GetAsync("/v1/changes?cursor=not-a-cursor")).ShouldBeProblem(400, "validation");
    }
}
