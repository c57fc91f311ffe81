using System.Net.Http.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

public sealed class ProposingAChange(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_proposed_change_reads_back_as_its_summary()
    {
        var response = await app.Post("/v1/changes", Requests.Generated("payments-482"));

        var written = await response.Read<WriteResult>(201);
        written.Version.ShouldBe(1);
        response.Headers.Location!.ToString().ShouldBe("/v1/changes/payments-482");

        var summary = await app.Get<ChangeSummary>("/v1/changes/payments-482");
        summary.Status.ShouldBe(ChangeStatus.Proposed);
        summary.Repository.ShouldBe(Requests.Repository);
        summary.Owner.ShouldBe("alice");
        summary.HeadCommit.ShouldBe("c0ffee1");
        summary.Origin.Kind.ShouldBe(OriginKind.Generated);
        summary.Origin.Tool.ShouldBe("claude-code");
        summary.Origin.RequestedBy.ShouldBe("bob");
        summary.Scope.Includes.ShouldBe(["src/refunds/**"]);
        summary.AcceptanceCriteria.ShouldBe(["refunds retry at most 3 times"]);
        summary.Version.ShouldBe(1);
    }

    [Fact]
    public async Task ids_that_break_the_rules_are_refused_and_nothing_is_stored()
    {
        var before = await app.Count("select count(*) from ledger.mt_events");
        foreach (var bad in new[] { "gh/acme/1", "-leading-dash", "has space", "semi;colon", new string('x', 129), "" })
        {
            var response = await app.Post("/v1/changes", Requests.Generated(bad));
            var problem = await response.ShouldBeProblem(400, "invalid-change-id");
            problem.GetProperty("errors").GetProperty("changeId").GetArrayLength().ShouldBe(1);
        }
        (await app.Count("select count(*) from ledger.mt_events")).ShouldBe(before);
    }

    [Fact]
    public async Task an_unknown_change_is_a_404_problem()
    {
        var response = await app.Client.GetAsync("/v1/changes/never-proposed-1");
        await response.ShouldBeProblem(404, "unknown-change");
    }

    [Fact]
    public async Task proposing_the_same_id_twice_is_a_conflict()
    {
        await (await app.Post("/v1/changes", Requests.Human("dup-1"))).ShouldHaveStatus(201);
        var again = await app.Post("/v1/changes", Requests.Human("dup-1") with { Title = "another" });
        await again.ShouldBeProblem(409, "change-exists");
        (await app.EventCount("dup-1")).ShouldBe(1);
    }

    [Fact]
    public async Task the_service_reports_ready_when_postgresql_answers()
    {
        var ready = await app.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health/ready");
        ready.GetProperty("status").GetString().ShouldBe("healthy");
        (await app.Client.GetAsync("/health/live")).IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task readiness_reports_how_far_the_asynchronous_projections_lag()
    {
        await (await app.Post("/v1/changes", Requests.Human("lag-1"))).ShouldHaveStatus(201);
        await app.CatchUp();

        var ready = await app.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health/ready");
        var projections = ready.GetProperty("checks").GetProperty("projections");
        projections.GetProperty("status").GetString().ShouldBe("healthy");
        projections.GetProperty("data").GetProperty("PersonActivity:All").GetInt64().ShouldBe(0);
    }
}
