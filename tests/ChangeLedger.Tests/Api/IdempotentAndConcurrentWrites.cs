using System.Net.Http.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

public sealed class IdempotentAndConcurrentWrites(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task fifty_parallel_posts_of_one_event_id_store_exactly_one_event()
    {
        await (await app.Post("/v1/changes", Requests.Generated("idem-1"))).ShouldHaveStatus(201);
        var body = Requests.Check("unit-tests", "c0ffee1", ValidationOutcome.Passed) with { EventId = "gha:run-991:unit-tests" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => app.Post("/v1/changes/idem-1/validations", body)));

        responses.Select(r => (int)r.StatusCode).Distinct().ShouldBe([201], app.ServerErrors());
        var results = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<WriteResult>(LedgerApp.Json)));
        results.Select(r => r!.Version).Distinct().ShouldBe([2L]);
        results.Count(r => !r!.Replayed).ShouldBe(1);
        (await app.EventCount("idem-1")).ShouldBe(2);
        (await app.Get<ChangeSummary>("/v1/changes/idem-1")).Counts.Validations.ShouldBe(1);
    }

    [Fact]
    public async Task fifty_parallel_proposals_with_one_event_id_start_one_change()
    {
        // Several rounds, because the race this guards (a twin's receipt missed, its stream then seen) needs an
        // unlucky interleaving; with the receipt read again before any refusal, every round must answer 201 alone.
        for (var round = 0; round < 5; round++)
        {
            var body = Requests.Generated($"idem-2-{round}") with { EventId = $"pr-opened:482-{round}" };
            var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => app.Post("/v1/changes", body)));
            responses.Select(r => (int)r.StatusCode).Distinct().ShouldBe([201], app.ServerErrors());
            (await app.EventCount($"idem-2-{round}")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task a_repeat_is_answered_as_the_first_time_and_different_content_is_a_409()
    {
        await (await app.Post("/v1/changes", Requests.Generated("idem-3"))).ShouldHaveStatus(201);
        var hold = Requests.Hold() with { EventId = "hold-request-1" };

        var first = await (await app.Post("/v1/changes/idem-3/holds", hold)).Read<WriteResult>(201);
        var again = await (await app.Post("/v1/changes/idem-3/holds", hold)).Read<WriteResult>(201);
        again.Version.ShouldBe(first.Version);
        again.HoldId.ShouldBe(first.HoldId);
        again.Replayed.ShouldBeTrue();

        var other = await app.Post("/v1/changes/idem-3/holds", hold with { Reason = "something else" });
        (await other.ShouldBeProblem(409, "event-id-reused")).GetProperty("detail").GetString()!.ShouldContain("version 2");
        (await app.EventCount("idem-3")).ShouldBe(2);
    }

    [Fact]
    public async Task a_refused_release_repeated_with_its_event_id_is_refused_the_same_way_without_a_second_verdict()
    {
        await (await app.Post("/v1/changes", Requests.Generated("idem-4"))).ShouldHaveStatus(201);
        var release = Requests.Release() with { EventId = "deploy-77" };
        var first = await (await app.Post("/v1/changes/idem-4/releases", release)).Read<ReleaseOutcome>(409);
        var again = await (await app.Post("/v1/changes/idem-4/releases", release)).Read<ReleaseOutcome>(409);
        again.Verdict.ShouldBeEquivalentTo(first.Verdict);
        (await app.EventCount("idem-4")).ShouldBe(2);
    }

    [Fact]
    public async Task a_release_of_what_already_runs_in_the_environment_is_a_problem_that_records_no_failed_verdict()
    {
        await (await app.Post("/v1/changes", Requests.Generated("idem-5"))).ShouldHaveStatus(201);
        // Released outside the pipeline, by hand, with a justification.
        var byHand = Requests.Release(@override: new OverrideBody("frank", "hotfix shipped by hand")) with { EventId = "by-hand" };
        await (await app.Post("/v1/changes/idem-5/releases", byHand)).ShouldHaveStatus(201);
        var before = await app.EventCount("idem-5");

        // The pipeline's deploy job runs afterwards with its own eventId.
        var problem = await (await app.Post("/v1/changes/idem-5/releases", Requests.Release() with { EventId = "gh:1:deploy" }))
            .ShouldBeProblem(409, "already-released");

        problem.GetProperty("detail").GetString()!.ShouldContain("was released to prod as 1.4.2 by deployer-dave");
        (await app.EventCount("idem-5")).ShouldBe(before);
        var release = await app.Get<ReleaseView>("/v1/changes/idem-5/release");
        release.LastVerdict!.Environment.ShouldBe("prod");
        release.Releases.ShouldHaveSingleItem().Version.ShouldBe("1.4.2");
        release.Verdicts.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_stale_expected_version_is_a_409_that_names_the_current_version()
    {
        await (await app.Post("/v1/changes", Requests.Generated("occ-1"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/occ-1/validations", Requests.Check("lint", "c0ffee1", ValidationOutcome.Passed) with { ExpectedVersion = 1 }))
            .ShouldHaveStatus(201);

        var stale = await app.Post("/v1/changes/occ-1/reviews", Requests.Review("erin", "c0ffee1") with { ExpectedVersion = 1 });

        var problem = await stale.ShouldBeProblem(409, "version-mismatch");
        problem.GetProperty("detail").GetString()!.ShouldContain("it is at version 2");
        (await app.EventCount("occ-1")).ShouldBe(2);
    }

    [Fact]
    public async Task concurrent_writers_without_an_expected_version_all_land()
    {
        await (await app.Post("/v1/changes", Requests.Generated("occ-2"))).ShouldHaveStatus(201);
        var checks = Enumerable.Range(0, 12).Select(i => Requests.Check($"check-{i}", "c0ffee1", ValidationOutcome.Passed));

        var responses = await Task.WhenAll(checks.Select(c => app.Post("/v1/changes/occ-2/validations", c)));

        responses.Select(r => (int)r.StatusCode).Distinct().ShouldBe([201], app.ServerErrors());
        (await app.Get<Evidence>("/v1/changes/occ-2/evidence")).Checks.Count.ShouldBe(12);
        (await app.EventCount("occ-2")).ShouldBe(13);
    }
}
