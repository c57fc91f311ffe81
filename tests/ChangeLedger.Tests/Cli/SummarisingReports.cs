using System.Security.Cryptography;
using System.Text;
using ChangeLedger.Contracts.Reports;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>
/// The CLI's report summaries, over the samples in contracts/samples, over reports as the tools themselves wrote them
/// (third-party, in ../shared/vendor/report-samples), and its memory on a huge report.
/// </summary>
public sealed class SummarisingReports(Xunit.Abstractions.ITestOutputHelper output)
{
    public static string Sample(string path) => Path.Combine(PostgresServer.RepositoryRoot(), "contracts", "samples", path);

    private static string Written(string path) => Path.Combine(Vendor.Folder("report-samples"), path);

    private static Summarised<T> Read<T>(string sample, Func<Stream, T> summarise) => ReadFile(Sample(sample), summarise);

    private static Summarised<T> ReadFile<T>(string file, Func<Stream, T> summarise)
    {
        var read = ChangeLedger.Cli.ReportFile.Read(file, summarise);
        read.ContentDigest.ShouldBe("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), "the digest is of the whole file");
        return read;
    }

    [Fact]
    public void junit_reports_are_counted_by_test_case_and_how_each_ended()
    {
        Read("junit/refunds-unit.xml", JUnit.Summarise).Summary.ShouldBe(new TestReportSummary(6, 4, 0, 1, "junit"));
    }

    [SkippableFact]
    public void junit_reports_as_jest_and_pytest_write_them_are_counted_by_test_case()
    {
        ReadFile(Written("junit/jest-junit.xml"), JUnit.Summarise).Summary.ShouldBe(new TestReportSummary(6, 4, 0, 1, "junit"));
        // pytest's own totals say 15 tests (subtests); ten test cases ran.
        ReadFile(Written("junit/python-xunit-pytest.xml"), JUnit.Summarise).Summary.ShouldBe(new TestReportSummary(10, 2, 0, 2, "junit"));
    }

    [Fact]
    public void a_sarif_log_is_summarised_per_level_and_rule_with_rule_defaults_and_non_failing_kinds_applied()
    {
        var log = Read("sarif/codeql-csharp.sarif", Sarif.Summarise).Summary;
        (log.Tool, log.Errors, log.Warnings, log.Notes, log.None, log.Format).ShouldBe(("CodeQL", 2, 2, 1, 1, "sarif-2.1.0"));
        log.Rules.ShouldBe([
            new RuleFindings("cs/useless-assignment-to-local", "warning", 2), new RuleFindings("cs/log-forging", "error", 1),
            new RuleFindings("cs/missed-readonly-modifier", "note", 1), new RuleFindings("cs/sql-injection", "error", 1),
            new RuleFindings("cs/sql-injection", "none", 1),
        ]);
    }

    [SkippableFact]
    public void a_sarif_log_as_codeql_writes_it_with_its_rules_in_a_tool_extension_is_summarised()
    {
        var extensions = ReadFile(Written("sarif/rulesExtensions.sarif"), Sarif.Summarise).Summary;
        (extensions.Tool, extensions.Errors, extensions.Warnings).ShouldBe(("CodeQL", 0, 5));
        // CodeQL's own tags (maintainability, …) are not criterion:ID tags, so they claim no acceptance criterion.
        ReadFile(Written("sarif/rulesExtensions.sarif"), Sarif.Read).Summary.Criteria.ShouldBeEmpty();
    }

    [Fact]
    public void a_sarif_log_read_as_a_security_scan_ranks_findings_by_their_security_severity()
    {
        var scan = Read("sarif/codeql-csharp.sarif", Sarif.SummariseAsSecurityScan).Summary;
        (scan.Critical, scan.High, scan.Medium, scan.Low).ShouldBe((0, 2, 2, 1));
        scan.Rules!.ShouldContain(new RuleFindings("cs/sql-injection", "high", 1));
    }

    [Fact]
    public void sboms_count_their_components_nested_ones_included_and_name_their_subject()
    {
        Read("cyclonedx/payments-bom-1.5.json", Sbom.CycloneDx).Summary.ShouldBe(new SbomSummary("cyclonedx", "1.5", 3, "ghcr.io/acme/payments 2.4.0"));
        Read("spdx/payments-2.3.spdx.json", Sbom.Spdx).Summary.ShouldBe(new SbomSummary("spdx", "SPDX-2.3", 3, "payments-2.4.0"));
    }

    [SkippableFact]
    public void sboms_as_the_cyclonedx_and_spdx_specifications_publish_them_are_summarised()
    {
        ReadFile(Written("cyclonedx/valid-assembly-1.5.json"), Sbom.CycloneDx).Summary.ShouldBe(new SbomSummary("cyclonedx", "1.5", 2, null));
        ReadFile(Written("cyclonedx/valid-bom-1.5.json"), Sbom.CycloneDx).Summary.ShouldBe(new SbomSummary("cyclonedx", "1.5", 2, "Acme Application 9.1.1"));
        ReadFile(Written("spdx/SPDXJSONExample-v2.3.spdx.json"), Sbom.Spdx).Summary.ShouldBe(new SbomSummary("spdx", "SPDX-2.3", 4, "SPDX-Tools-v2.0"));
    }

    [Fact]
    public void cobertura_coverage_is_the_covered_share_of_valid_lines()
    {
        Read("cobertura/coverage.cobertura.xml", Cobertura.Summarise).Summary.ShouldBe(new CoverageSummary(83.25, 333, 400, "cobertura"));
    }

    [Fact]
    public void a_file_of_the_wrong_format_is_refused_with_what_it_is_not()
    {
        Should.Throw<ReportException>(() => Report.Read(new MemoryStream(Encoding.UTF8.GetBytes("{\"bomFormat\":\"SPDX\"}")), Sbom.CycloneDx))
            .Message.ShouldContain("not a CycloneDX BOM");
        Should.Throw<ReportException>(() => Report.Read(File.OpenRead(Sample("cobertura/coverage.cobertura.xml")), JUnit.Summarise))
            .Message.ShouldContain("<coverage>");
        Should.Throw<ReportException>(() => Report.Read(File.OpenRead(Sample("spdx/payments-2.3.spdx.json")), Sarif.Summarise))
            .Message.ShouldContain("not a SARIF log");
    }

    [Fact]
    public void a_260_mb_junit_report_is_summarised_and_digested_allocating_a_small_fraction_of_its_size()
    {
        const int cases = 2_000_000;
        using var report = new GeneratedJUnit(cases);
        // The parse runs synchronously on this thread, so this thread's allocation counter sees all of it and nothing of
        // the tests running beside it.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = Report.Read(report, JUnit.Summarise);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"{read.Bytes / (1 << 20)} MB report: {allocated / 1024} KB allocated");
        read.Bytes.ShouldBeGreaterThan(256L << 20);
        read.Summary.ShouldBe(new TestReportSummary(cases, cases / 10, 0, 0, "junit"));
        read.ContentDigest.ShouldBe(report.ExpectedDigest());
        // Holding the file would take its 260 MB at least (twice that as text). Streaming allocates a small share of it,
        // short-lived (measured: 15.5 MB, 6 %, growing with the failure messages XmlReader reads), so the bound is an eighth.
        allocated.ShouldBeLessThan(read.Bytes / 8, $"allocated {allocated / (1 << 20)} MB for a {read.Bytes / (1 << 20)} MB report");
    }

    /// <summary>A JUnit report produced as it is read: nothing of it exists in memory but the 10-case block it repeats.</summary>
    private sealed class GeneratedJUnit(int cases) : Stream
    {
        private static readonly byte[] Head = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"generated\">\n<testsuite name=\"load\">\n");
        private static readonly byte[] Tail = Encoding.UTF8.GetBytes("</testsuite>\n</testsuites>\n");
        private static readonly byte[] Block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10).Select(i => i == 0
            ? "<testcase classname=\"Refunds.RetryTests\" name=\"a_refund_is_retried_at_most_three_times_when_the_gateway_times_out\" time=\"0.013\">\n  <failure message=\"Expected 3 attempts, got 4\" type=\"AssertionError\">at RetryTests.cs:42</failure>\n</testcase>\n"
            : $"<testcase classname=\"Refunds.RetryTests\" name=\"an_idempotent_refund_is_recorded_once_even_when_sent_twice_{i}\" time=\"0.002\" />\n")));

        private long _position;
        private readonly long _length = Head.Length + (long)Block.Length * (cases / 10) + Tail.Length;

        public string ExpectedDigest()
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(Head);
            for (var i = 0; i < cases / 10; i++) sha.AppendData(Block);
            sha.AppendData(Tail);
            return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length && _position < _length)
            {
                var (source, at) = _position < Head.Length ? (Head, _position)
                    : _position >= _length - Tail.Length ? (Tail, _position - (_length - Tail.Length))
                    : (Block, (_position - Head.Length) % Block.Length);
                var n = (int)Math.Min(buffer.Length - written, source.Length - at);
                source.AsSpan((int)at, n).CopyTo(buffer[written..]);
                (written, _position) = (written + n, _position + n);
            }
            return written;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
