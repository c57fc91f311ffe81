using System.Net.Http.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>Two replicas against one PostgreSQL: both take writes, and each asynchronous projection runs on one of them.</summary>
public sealed class ScalingOut
{
    [Fact]
    public async Task two_service_processes_append_to_one_database_and_each_async_projection_is_built_once_matching_a_rebuild()
    {
        await using var database = await ServiceDatabase.WithSchema();
        using var first = await database.Serve(new Dictionary<string, string>());
        using var second = await database.Serve(new Dictionary<string, string>());

        for (var i = 0; i < 12; i++)
        {
            var through = i % 2 == 0 ? first : second;
            var id = $"scale-{i}";
            await (await through.PostAsync("/v1/changes", JsonContent.Create(Requests.Human(id), options: LedgerApp.Json))).ShouldHaveStatus(201);
            // The other replica writes to the same change: both see one stream.
            var other = ReferenceEquals(through, first) ? second : first;
            await (await other.PostAsync($"/v1/changes/{id}/ownership",
                JsonContent.Create(new TransferOwnershipRequest($"owner-{i % 3}", "alice", "rotation"), options: LedgerApp.Json))).ShouldHaveStatus(201);
        }

        var newest = await database.Count("select max(seq_id) from ledger.mt_events");
        for (var waited = 0; await Progress(database) < newest; waited++)
        {
            waited.ShouldBeLessThan(240, "the asynchronous projection did not catch up within 2 minutes");
            await Task.Delay(500);
        }
        // One progression row for the projection, and Wolverine assigned its agent to one node only.
        (await database.Count("select count(*) from ledger.mt_event_progression where name like 'PersonActivity:%'")).ShouldBe(1);
        (await database.Count("select count(*) from ledger.wolverine_nodes")).ShouldBe(2);
        (await database.Count("select count(distinct node_id) from ledger.wolverine_node_assignments where id ilike '%personactivity%'")).ShouldBe(1);
        var built = await Snapshot(database);
        built.ShouldContain(row => row.Contains("owner-2"));

        await database.StopAll();
        var (rebuilt, log) = await database.Run(new Dictionary<string, string>(), "projections", "rebuild", "--projection", "PersonActivity");
        rebuilt.ShouldBe(0, log);

        (await Snapshot(database)).ShouldBe(built);
    }

    [Fact]
    public async Task a_page_session_opened_on_one_replica_is_good_on_the_other_and_after_a_restart()
    {
        await using var database = await ServiceDatabase.WithSchema();
        // Two pods share nothing but PostgreSQL: not even a home folder where ASP.NET Core would keep its keys.
        var homes = new[] { Directory.CreateTempSubdirectory("cl-pod-a-"), Directory.CreateTempSubdirectory("cl-pod-b-"), Directory.CreateTempSubdirectory("cl-pod-c-") };
        try
        {
            using var first = await database.Serve(new Dictionary<string, string> { ["HOME"] = homes[0].FullName });
            using var second = await database.Serve(new Dictionary<string, string> { ["HOME"] = homes[1].FullName });
            using var onFirst = new FormSession(first.BaseAddress!.ToString());
            (await onFirst.SignIn(database.AdminKey)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
            onFirst.Cookies.ShouldContainKey("changeledger");

            // The load balancer sends the next request to the other replica: the same session, the same form token.
            using var onSecond = new FormSession(second.BaseAddress!.ToString());
            foreach (var (name, value) in onFirst.Cookies) onSecond.Cookies[name] = value;
            var page = await onSecond.Get("/");
            page.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, "the second replica could not read the first one's session cookie");
            (await onSecond.SignOut()).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, "the second replica refused the first one's form token");

            // A restart of every replica keeps the keys (a new session, since the last one was signed out).
            (await onFirst.SignIn(database.AdminKey)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
            await database.StopAll();
            using var restarted = await database.Serve(new Dictionary<string, string> { ["HOME"] = homes[2].FullName });
            using var afterRestart = new FormSession(restarted.BaseAddress!.ToString());
            foreach (var (name, value) in onFirst.Cookies) afterRestart.Cookies[name] = value;
            (await afterRestart.Get("/")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, "a restart signed everybody out");
        }
        finally
        {
            foreach (var home in homes) home.Delete(recursive: true);
        }
    }

    private static async Task<long> Progress(ServiceDatabase database) =>
        (await database.Rows("select last_seq_id from ledger.mt_event_progression where name like 'PersonActivity:%'")).Select(long.Parse).DefaultIfEmpty(0).Min();

    private static Task<List<string>> Snapshot(ServiceDatabase database) =>
        database.Rows("select id || ' ' || data::text from ledger.mt_doc_personactivity order by id");
}
