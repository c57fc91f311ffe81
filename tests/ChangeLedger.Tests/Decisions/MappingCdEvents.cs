using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Ingestion;

namespace ChangeLedger.Tests.Decisions;

public sealed class MappingCdEvents
{
    private static readonly CdEventTarget Target = new("payments-482", CdEventCorrelation.Chain, "c0ffee1");

    private static CdEvent Event(string type, string data, string source = "https://ci.example.com", string id = "e-1")
    {
        var envelope = new CdEventEnvelope(source, id, type, DateTimeOffset.Parse("2026-11-20T09:00:00Z"), JsonDocument.Parse(data).RootElement.Clone());
        var (e, problem) = CdEventMapping.Read(envelope, CdEventMapping.Mapped(type)!);
        problem.ShouldBeNull();
        return e!;
    }

    private const string TestRun = """
        {"context": {"id": "e-1", "source": "https://ci.example.com", "type": "x", "timestamp": "2026-11-20T08:00:00Z"},
         "subject": {"id": "run-1", "type": "testSuiteRun", "content": {"outcome": "OUTCOME", "testSuite": {"id": "u", "name": "unit-tests"}}}}
        """;

    [Theory]
    [InlineData("dev.cdevents.change.created.0.3.0", "change.created")]
    [InlineData("dev.cdevents.testcaserun.finished.0.2.0", "testcaserun.finished")]
    [InlineData("dev.cdevents.testsuiterun.finished.0.3.0-draft", "testsuiterun.finished")]
    [InlineData("dev.cdevents.changewindow.started.0.1.0-draft", "changewindow.started")]
    [InlineData("dev.cdevents.pipelinerun.finished.0.2.0", "pipelinerun.finished")]
    [InlineData("dev.cdevents.change.merged.0.3.0", "change.merged")]
    [InlineData("dev.cdevents.service.rolledback.0.3.0", "service.rolledback")]
    [InlineData("dev.cdevents.pipelinerun.started.0.2.0", null)]
    [InlineData("dev.cdevents.ticket.created.0.1.0", null)]
    [InlineData("com.example.change.created", null)]
    public void every_version_of_a_mapped_subject_and_predicate_maps_and_nothing_else_does(string type, string? kind) =>
        CdEventMapping.Mapped(type).ShouldBe(kind);

    [Theory]
    [InlineData("pass", ValidationOutcome.Passed)]
    [InlineData("success", ValidationOutcome.Passed)]
    [InlineData("fail", ValidationOutcome.Failed)]
    [InlineData("failure", ValidationOutcome.Failed)]
    [InlineData("error", ValidationOutcome.Errored)]
    [InlineData("cancel", ValidationOutcome.Skipped)]
    public void a_finished_test_run_becomes_a_validation_of_the_correlated_changes_head_with_its_outcome(string outcome, ValidationOutcome expected)
    {
        var (write, problem, ignored) = CdEventMapping.Map(Event("dev.cdevents.testsuiterun.finished.0.2.0", TestRun.Replace("OUTCOME", outcome)), Target);

        (problem, ignored).ShouldBe((null, null));
        write!.Type.ShouldBe("validation_recorded");
        write.ChangeId.ShouldBe("payments-482");
        var request = write.Request.ShouldBeOfType<RecordValidationRequest>();
        (request.Check, request.Commit, request.Outcome, request.Runner).ShouldBe(("unit-tests", "c0ffee1", expected, "https://ci.example.com"));
        request.OccurredAt.ShouldBe(DateTimeOffset.Parse("2026-11-20T08:00:00Z"));
    }

    [Fact]
    public void the_event_id_is_source_and_id_and_a_long_pair_is_hashed_to_fit()
    {
        CdEventMapping.EventId("https://ci.example.com", "e-1").ShouldBe("ce:https://ci.example.com e-1");

        var longId = CdEventMapping.EventId("https://ci.example.com/" + new string('p', 300), "e-1");
        longId.Length.ShouldBeLessThanOrEqualTo(200);
        longId.ShouldStartWith("ce:sha256:");
        CdEventMapping.EventId("https://ci.example.com/" + new string('p', 300), "e-2").ShouldNotBe(longId);
    }

    [Fact]
    public void a_purl_or_oci_reference_names_its_digest_as_the_ledger_spells_it()
    {
        CdEventMapping.Digest("pkg:oci/myapp@sha256%3A0B31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427")
            .ShouldBe("sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427");
        CdEventMapping.Digest("pkg:golang/mygit.com/myorg/myapp@234fd47e07d1004f0aed9c").ShouldBeNull();
    }

    [Fact]
    public void a_change_update_that_names_no_new_head_is_ignored_not_refused()
    {
        var (write, problem, ignored) = CdEventMapping.Map(Event("dev.cdevents.change.updated.0.3.0",
            """{"context": {"id": "e-1"}, "subject": {"id": "42", "content": {"repository": {"id": "acme/payments", "source": "https://github.com"}}}}"""), Target);

        (write, problem).ShouldBe((null, null));
        ignored!.Code.ShouldBe(Ignored.NothingToRecord);
    }

    [Fact]
    public void a_change_created_without_custom_data_is_proposed_unassigned_with_its_repository_and_description()
    {
        var created = Event("dev.cdevents.change.created.0.4.0", """
            {"context": {"id": "e-1", "chainId": "chain-1"}, "subject": {"id": "pr-42", "content": {"description": "Fix refunds",
             "repository": {"id": "acme/payments", "source": "https://github.com"}}}}
            """);

        var (write, _, _) = CdEventMapping.Map(created, new CdEventTarget("pr-42", CdEventCorrelation.Subject, null));

        var request = write!.Request.ShouldBeOfType<ProposeChangeRequest>();
        (request.ChangeId, request.Repository, request.Title, request.Owner, request.SubmittedBy)
            .ShouldBe(("pr-42", "github.com/acme/payments", "Fix refunds", CdEventMapping.Unassigned, "https://ci.example.com"));
        created.Keys(new CdEventTarget("pr-42", CdEventCorrelation.Subject, null))
            .ShouldBe(["chain:chain-1", "context:e-1", "subject:github.com/acme/payments#pr-42"]);
    }

    [Fact]
    public void a_review_decision_that_is_not_one_of_the_ledgers_is_refused_as_bad_custom_data()
    {
        const string review = """
            {"context": {"id": "e-1"}, "subject": {"id": "payments-482", "type": "change", "content": {}},
             "customData": {"reviewer": "rita", "decision": "lgtm", "commit": "c0ffee1"}}
            """;

        var (write, problem, _) = CdEventMapping.Map(Event("dev.cdevents.change.reviewed.0.3.0", review), Target);

        write.ShouldBeNull();
        problem!.Errors!.Keys.ShouldBe(["customData"]);
    }
}
