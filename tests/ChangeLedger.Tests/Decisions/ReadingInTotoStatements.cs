using System.Text;
using ChangeLedger.Ledger;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Tests.Decisions;

/// <summary>What a signed statement becomes: pure reading of the payload, no host, no signature.</summary>
public sealed class ReadingInTotoStatements
{
    private static (InTotoStatement? Statement, Problem? Problem) Read(string predicateType, string predicate, string subjects = """[{"name":"x","digest":{"gitCommit":"h1"}}]""") =>
        InTotoStatement.Read(Encoding.UTF8.GetBytes(
            $$"""{"_type":"https://in-toto.io/Statement/v1","subject":{{subjects}},"predicateType":"{{predicateType}}","predicate":{{predicate}}}"""), null, null);

    [Fact]
    public void a_failed_test_result_that_names_no_failed_test_counts_one_error_so_no_gate_reads_it_as_passing()
    {
        var (statement, _) = Read(InTotoStatement.TestResultV01, """{"result":"FAILED","passedTests":["a","b"]}""");

        statement!.Attestation.TestReport.ShouldBe(new TestReportSummary(3, 0, 1, 0, "in-toto-test-result-v0.1"));
        statement.Commits.ShouldBe(["h1"]);
    }

    [Fact]
    public void warned_tests_pass_and_a_passed_result_listing_failures_is_refused()
    {
        Read(InTotoStatement.TestResultV01, """{"result":"WARNED","passedTests":["a"],"warnedTests":["b"]}""").Statement!.Attestation.TestReport
            .ShouldBe(new TestReportSummary(2, 0, 0, 0, "in-toto-test-result-v0.1"));
        Read(InTotoStatement.TestResultV01, """{"result":"PASSED","failedTests":["c"]}""").Problem!.Type.ShouldBe("unsupported-statement");
    }

    [Fact]
    public void provenance_binds_through_its_resolved_dependency_and_sha256_subjects_are_artifacts()
    {
        var (statement, _) = Read(InTotoStatement.SlsaProvenanceV1,
            """{"buildDefinition":{"buildType":"b","resolvedDependencies":[{"uri":"git+x","digest":{"gitCommit":"h2"}}]},"runDetails":{"builder":{"id":"gha"}}}""",
            """[{"name":"app","digest":{"sha256":"ABCDEF"}}]""");

        statement!.Commits.ShouldBe(["h2"]);
        statement.Artifacts.ShouldBe(["sha256:abcdef"]);
        (statement.Attestation.Kind, statement.Attestation.Name).ShouldBe((AttestationType.Custom, "slsa-provenance-v1"));
        statement.Attestation.Custom!.Value.GetProperty("builder").GetString().ShouldBe("gha");
    }

    [Fact]
    public void anything_but_an_in_toto_statement_v1_with_a_known_predicate_is_unsupported()
    {
        Read("https://example.com/mine", "{}").Problem!.Detail.ShouldContain("not one the ledger reads");
        InTotoStatement.Read(Encoding.UTF8.GetBytes("""{"_type":"https://in-toto.io/Statement/v0.1","subject":[],"predicateType":"x","predicate":{}}"""), null, null)
            .Problem!.Type.ShouldBe("unsupported-statement");
        InTotoStatement.Read(Encoding.UTF8.GetBytes("not json"), null, null).Problem!.Type.ShouldBe("unsupported-statement");
    }
}
