using System.Text.Json;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Policies;
using ChangeLedger.Release;
using ChangeLedger.Tests.Support;
using Marten;

namespace ChangeLedger.Tests.Api;

/// <summary>A projection that a rebuild would change is a projection that lies: rebuilt from the events, every one comes out identical.</summary>
public sealed class RebuildingProjections(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task every_projection_rebuilt_from_the_events_matches_what_was_built_inline()
    {
        await (await app.Post("/v1/changes", Requests.Generated("rb-1", head: "h1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rb-1/validations", Requests.Check("unit", "h1", ValidationOutcome.Failed))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rb-1/revisions", new ReviseChangeRequest("h2", "claude-code"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rb-1/validations", Requests.Check("unit", "h2", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rb-1/reviews", Requests.Review("erin", "h2"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rb-1/ownership", new TransferOwnershipRequest("frank", "alice", "rotation"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rb-1/holds", Requests.Hold("h-a"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rb-1/releases", Requests.Release())).ShouldHaveStatus(409);
        await (await app.Post("/v1/changes/rb-1/holds/h-a/lift", new LiftHoldRequest("carol", "ok"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rb-1/releases", Requests.Release())).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("rb-2"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rb-2/splits", new SplitChangeRequest([new("rb-2a", "a"), new("rb-2b", "b")], "erin", "split"))).ShouldHaveStatus(201);
        await (await app.Put("/v1/repositories/github.com%2Facme%2Fpayments/policy", new SetPolicyRequest(["unit"], 2, true, "ann"))).ShouldHaveStatus(201);

        string[] changes = ["rb-1", "rb-2", "rb-2a", "rb-2b"];
        await app.CatchUp();
        var inline = await Snapshot(changes);

        using (var daemon = await app.Store.BuildProjectionDaemonAsync())
        {
            foreach (var projection in new[] { "Change", "RepositoryPolicy", "PersonActivity" })
                await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        var rebuilt = await Snapshot(changes);
        rebuilt.Count.ShouldBe(inline.Count);
        foreach (var (key, json) in inline) rebuilt[key].ShouldBe(json, key);
    }

    private async Task<Dictionary<string, string>> Snapshot(string[] ids)
    {
        await using var session = app.Store.QuerySession();
        var result = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            // One document per change: the write model and every view a slice of it.
            result["change:" + id] = Json(await session.LoadAsync<Change>(id));
        }
        result["policy"] = Json(await session.LoadAsync<RepositoryPolicy>(RepositoryPolicy.StreamKey(Requests.Repository)));
        // The multi-stream projection: one document per person and change, across every change above.
        foreach (var activity in (await session.Query<ChangeLedger.Exports.PersonActivity>().ToListAsync()).OrderBy(a => a.Id, StringComparer.Ordinal))
            result["person:" + activity.Id] = Json(activity);
        result.Values.ShouldNotContain("null");
        return result;
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value, LedgerApp.Json);
}
