using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Ingestion;

namespace ChangeLedger.Tests.Decisions;

public sealed class MappingCdEvents
{
    private static CdEventEnvelope Envelope(string type, string data, string source = "https://ci.example.com", string id = "e-1") =>
        new(source, id, type, DateTimeOffset.Parse("2026-11-20T09:00:00Z"), JsonDocument.Parse(data).RootElement.Clone());

    private const string TestRun = """
        {"context": {"id": "e-1", "source": "https://ci.example.com", "type": "x", "timestamp": "2026-11-20T08:00:00Z"},
         "subject": {"id": "run-1", "type": "testSuiteRun", "content": {"outcome": "OUTCOME", "testSuite": {"id": "u", "name": "unit-tests"}}},
         "customData": {"changeId": "payments-482", "commit": "c0ffee1"}}
        """;

    [Theory]
    [InlineData("dev.cdevents.change.created.0.3.0", "change.created")]
    [InlineData("dev.cdevents.testcaserun.finished.0.2.0", "testcaserun.finished")]
    [InlineData("dev.cdevents.testsuiterun.finished.0.3.0-draft", "testsuiterun.finished")]
    [InlineData("dev.cdevents.changewindow.started.0.1.0-draft", "changewindow.started")]
    [InlineData("dev.cdevents.pipelinerun.finished.0.2.0", null)]
    [InlineData("dev.cdevents.change.merged.0.3.0", null)]
    [InlineData("com.example.change.created", null)]
    public void every_version_of_a_mapped_subject_and_predicate_maps_and_nothing_else_does(string type, string? kind) =>
        CdEventMapping.Mapped(type).ShouldBe(kind);

    [Theory]
    [InlineData("pass", ValidationOutcome.Passed)]
    [InlineData("fail", ValidationOutcome.Failed)]
    [InlineData("error", ValidationOutcome.Errored)]
    [InlineData("cancel", ValidationOutcome.Skipped)]
    public void a_finished_test_run_becomes_a_validation_with_its_outcome_on_the_commit_named_in_custom_data(string outcome, ValidationOutcome expected)
    {
        var (write, problem) = CdEventMapping.Map(Envelope("dev.cdevents.testsuiterun.finished.0.2.0", TestRun.Replace("OUTCOME", outcome)));

        problem.ShouldBeNull();
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
    public void a_test_run_that_names_no_change_is_refused_with_the_member_to_add()
    {
        var (write, problem) = CdEventMapping.Map(Envelope("dev.cdevents.testcaserun.finished.0.2.0", TestRun.Replace("\"changeId\": \"payments-482\", ", "")));

        write.ShouldBeNull();
        problem!.Status.ShouldBe(400);
        problem.Errors!.Keys.ShouldBe(["customData.changeId"]);
    }

    [Fact]
    public void an_unmappable_type_is_a_422_that_names_it()
    {
        var (_, problem) = CdEventMapping.Map(Envelope("dev.cdevents.build.finished.0.2.0", TestRun));

        problem!.Status.ShouldBe(422);
        problem.Detail.ShouldContain("'dev.cdevents.build.finished.0.2.0'");
    }

    [Fact]
    public void a_review_decision_that_is_not_one_of_the_ledgers_is_refused_as_bad_custom_data()
    {
        const string review = """
            {"context": {"id": "e-1"}, "subject": {"id": "payments-482", "type": "change", "content": {}},
             "customData": {"reviewer": "rita", "decision": "lgtm", "commit": "c0ffee1"}}
            """;

        var (write, problem) = CdEventMapping.Map(Envelope("dev.cdevents.change.reviewed.0.3.0", review));

        write.ShouldBeNull();
        problem!.Errors!.Keys.ShouldBe(["customData"]);
    }
}
