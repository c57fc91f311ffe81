using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Support.CdEvents;
using static ChangeLedger.Tests.Api.Audits.AuditStory;

namespace ChangeLedger.Tests.Api.Audits;

/// <summary>
/// A compliance officer audits a period of releases to prod across three repositories: releases through the gate,
/// overridden ones, one deployed outside the gate, a refused one, and releases just before and just after the period.
/// Every figure of the report must equal a count made by hand over the changes' trails.
/// </summary>
public sealed class AuditingAPeriod(LedgerApp app) : IClassFixture<LedgerApp>
{
    private sealed record Counted(string ChangeId, string Repository, long Version, string? Kind, Dictionary<string, bool> Families, double? LeadSeconds, int OpenIncidents);

    /// <summary>The count by hand: every change's trail, its prod releases recorded in the period and the verdict each names.</summary>
    private async Task<List<Counted>> ByHand(Period period)
    {
        var counted = new List<Counted>();
        foreach (var id in period.Changes)
        {
            var trail = await app.Get<AuditTrail>($"/v1/changes/{Uri.EscapeDataString(id)}/trail");
            var repository = trail.Events[0].Data.GetProperty("repository").GetString()!;
            var prodSoFar = 0;
            foreach (var e in trail.Events.Where(e => e.Type == "change_released"))
            {
                if (e.Data.GetProperty("environment").GetString() != "prod") continue;
                prodSoFar++;
                if (e.RecordedAt < period.From || e.RecordedAt >= period.To) continue;
                var verdict = trail.Events.Single(v => v.Version == e.Data.GetProperty("verdictVersion").GetInt64()).Data.GetProperty("verdict");
                var rules = verdict.GetProperty("rules").EnumerateArray().Select(r => (Rule: r.GetProperty("rule").GetString()!, Passed: r.GetProperty("passed").GetBoolean())).ToList();
                var families = rules.GroupBy(r => r.Rule.Split(':')[0]).ToDictionary(g => g.Key, g => g.All(r => r.Passed));
                var kind = verdict.GetProperty("ready").GetBoolean() ? null
                    : e.Data.TryGetProperty("releasedOutsideGate", out var outside) && outside.GetBoolean() ? "outside-the-gate"
                    : e.Data.TryGetProperty("override", out var o) && o.ValueKind == JsonValueKind.Object ? "overridden" : "not-ready";
                counted.Add(new Counted(id, repository, e.Version, kind, families,
                    prodSoFar == 1 ? (e.RecordedAt - trail.Events[0].RecordedAt).TotalSeconds : null, rules.Count(r => r.Rule == "no-open-incident" && !r.Passed)));
            }
        }
        return counted;
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void ShouldMatch(AuditFigures figures, IReadOnlyList<Counted> counted)
    {
        figures.ShouldSatisfyAllConditions(
            () => figures.Releases.ShouldBe(counted.Count),
            () => figures.ThroughTheGate.ShouldBe(counted.Count(c => c.Kind is null)),
            () => figures.Overridden.ShouldBe(counted.Count(c => c.Kind == "overridden")),
            () => figures.OutsideTheGate.ShouldBe(counted.Count(c => c.Kind == "outside-the-gate")),
            () => figures.OpenIncidentsAtRelease.ShouldBe(counted.Count(c => c.OpenIncidents > 0)),
            () => figures.FirstReleases.ShouldBe(counted.Count(c => c.LeadSeconds is not null)),
            () => figures.MedianLeadTimeSeconds!.Value.ShouldBe(Median(counted.Where(c => c.LeadSeconds is not null).Select(c => c.LeadSeconds!.Value))!.Value, 1e-6),
            () => figures.Rules.Select(r => (r.Rule, r.Applied, r.Met)).ShouldBe(
                counted.SelectMany(c => c.Families).GroupBy(f => f.Key).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => (g.Key, (long)g.Count(), (long)g.Count(f => f.Value)))));
    }

    [Fact]
    public async Task every_rate_equals_a_count_by_hand_over_the_trails_and_each_exception_names_its_override_and_trail()
    {
        var period = await Recorded(app);

        var report = await app.Get<AuditReport>(period.Query());
        var counted = await ByHand(period);

        counted.Count.ShouldBe(5);
        ShouldMatch(report.Total, counted);
        report.Repositories.Select(r => r.Repository).ShouldBe([$"github.com/{period.Prefix}/alpha", $"github.com/{period.Prefix}/beta", $"github.com/{period.Prefix}/shop"]);
        foreach (var figures in report.Repositories) ShouldMatch(figures, [.. counted.Where(c => c.Repository == figures.Repository)]);
        report.Total.Rules.Single(r => r.Rule == "min-approvals").ShouldSatisfyAllConditions(r => r.Applied.ShouldBe(5), r => r.Met.ShouldBe(3), r => r.Share.ShouldBe(0.6));
        report.Exceptions.Select(e => (e.ChangeId, e.Kind)).ShouldBe(counted.Where(c => c.Kind is not null).Select(c => (c.ChangeId, c.Kind!)));
        var overridden = report.Exceptions.Single(e => e.ChangeId == $"{period.Prefix}-b1");
        overridden.ShouldSatisfyAllConditions(
            () => overridden.Override.ShouldBe(new ReleaseOverride("cto-cole", "@oncall: lint rule misfires on generated code")),
            () => overridden.ReleasedBy.ShouldBe("deployer-dave"),
            () => overridden.FailedRules.ShouldBe(["required-check:lint"]),
            () => overridden.Trail.ShouldBe($"/v1/changes/{period.Prefix}-b1/trail"));
        (await app.Client.GetAsync(overridden.Trail)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (report.Query.Repositories.Single(), report.Query.Environment, report.Query.From, report.Query.To).ShouldBe((period.Pattern, "prod", period.From, period.To),
            "the report says what it covered");
    }

    [Fact]
    public async Task a_sample_drawn_again_from_the_reports_own_seed_is_the_same_and_follows_the_documented_procedure()
    {
        var period = await Recorded(app);
        var counted = await ByHand(period);

        var first = await app.Get<AuditReport>(period.Query("&sample=3"));
        var seed = first.Sample!.Seed;
        var again = await app.Get<AuditReport>(period.Query($"&sample=3&seed={Uri.EscapeDataString(seed)}"));

        again.Sample!.Releases.ShouldBe(first.Sample.Releases);
        string Key(Counted c) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{c.ChangeId}\n{c.Version}")));
        first.Sample.Releases.Select(s => (s.ChangeId, s.EventVersion)).ShouldBe(
            counted.OrderBy(Key, StringComparer.Ordinal).Take(3).Select(c => (c.ChangeId, c.Version)));
        first.Sample.Procedure.ShouldContain("SHA-256");
        var other = await app.Get<AuditReport>(period.Query("&sample=5&seed=another"));
        other.Sample!.Releases.Select(s => s.ChangeId).Order().ShouldBe(counted.Select(c => c.ChangeId).Order(), "a sample as large as the audit takes every release");
    }

    [Fact]
    public async Task a_key_scoped_to_one_repository_audits_only_that_one_whatever_it_asks_for()
    {
        var period = await Recorded(app);
        var alpha = $"github.com/{period.Prefix}/alpha";
        using var auditor = app.ClientWith(await app.IssueKey("alpha-auditor", [Roles.Export], alpha));

        var answer = await auditor.GetAsync(period.Query());
        var report = (await answer.Content.ReadFromJsonAsync<AuditReport>(LedgerApp.Json))!;

        answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        report.Repositories.Select(r => r.Repository).ShouldBe([alpha]);
        ShouldMatch(report.Total, [.. (await ByHand(period)).Where(c => c.Repository == alpha)]);
        report.Exceptions.ShouldAllBe(e => e.Repository == alpha);
        using var reader = app.ClientWith(await app.IssueKey("alpha-reader", [Roles.Read], alpha));
        (await reader.GetAsync(period.Query())).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task the_cli_keeps_the_report_and_prints_its_figures()
    {
        var period = await Recorded(app);
        var file = Path.Combine(Path.GetTempPath(), $"audit-{period.Prefix}.json");

        var run = await app.Cli("audit", "--environment", "prod", "--from", period.From.ToString("O"), "--to", period.To.ToString("O"),
            "--repositories", period.Pattern, "--output", file);

        run.Exit.ShouldBe(0, run.All);
        var kept = JsonSerializer.Deserialize<AuditReport>(await File.ReadAllTextAsync(file), LedgerApp.Json)!;
        kept.Total.ShouldSatisfyAllConditions(t => t.Releases.ShouldBe(5), t => t.Overridden.ShouldBe(2), t => t.OutsideTheGate.ShouldBe(1));
        run.Out.ShouldContain("total: 5 release(s), 2 through the gate, 2 overridden, 1 outside the gate");
        run.Out.ShouldContain($"{period.Prefix}-a2 (github.com/{period.Prefix}/alpha) overridden by vp-vera: \"Card outage fix; review follows\"");
        File.Delete(file);
    }

    [Fact]
    public async Task the_csv_has_a_row_per_release_with_its_exception_and_no_cell_a_spreadsheet_would_run()
    {
        var period = await Recorded(app);

        var response = await app.Client.GetAsync(period.Query("&format=csv"));
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        lines[0].ShouldBe("sequence,recordedAt,repository,changeId,eventVersion,version,releasedBy,kind,failedRules,overrideBy,overrideJustification,openIncidents,trail");
        lines.Length.ShouldBe(1 + (await ByHand(period)).Count);
        lines.Single(l => l.Contains($"{period.Prefix}-b1,", StringComparison.Ordinal))
            .ShouldContain($",overridden,required-check:lint,cto-cole,'@oncall: lint rule misfires on generated code,,/v1/changes/{period.Prefix}-b1/trail");
        lines.Count(l => l.Contains(",outside-the-gate,", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task the_pdf_an_auditor_files_carries_the_figures_the_exceptions_and_the_controls_as_evidence_not_certification()
    {
        var period = await Recorded(app);

        var response = await app.Client.GetAsync(period.Query("&format=pdf"));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor.ContentOrderTextExtractor.GetText(p)));

        text.ShouldSatisfyAllConditions(
            () => text.ShouldContain("Audit of releases to prod"),
            () => text.ShouldContain("5 release(s): 2 through the gate, 2 overridden, 1 outside the gate"),
            () => text.ShouldContain("min-approvals: 3 of 5 met (60.0 %)"),
            () => text.ShouldContain("overridden by cto-cole: \"@oncall: lint rule misfires on generated code\""),
            () => text.ShouldContain("SOC 2 CC8.1"),
            () => text.ShouldContain("A.8.32"),
            () => text.ShouldContain("it is not a certification"));
    }

    [Fact]
    public async Task an_audit_without_its_period_or_environment_is_refused_with_every_reason()
    {
        var problem = await (await app.Client.GetAsync("/v1/audits?from=2026-10-01T00:00:00Z&to=2026-07-01T00:00:00Z&sample=0&repositories=a%20b&format=xlsx"))
            .ShouldBeProblem(400, "validation");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "environment", "from", "sample", "repositories", "format" }) errors.TryGetProperty(field, out _).ShouldBeTrue(field);
    }
}

/// <summary>The period every audit test records: its own prefix, so classes and tests never count each other's releases.</summary>
public static class AuditStory
{
    public sealed record Period(string Prefix, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Changes)
    {
        public string Pattern => $"github.com/{Prefix}/*";

        public string Query(string extra = "") =>
            $"/v1/audits?environment=prod&repositories={Uri.EscapeDataString(Pattern)}&from={Uri.EscapeDataString(From.ToString("O"))}&to={Uri.EscapeDataString(To.ToString("O"))}{extra}";
    }

    private static async Task Ready(LedgerApp app, string id, string repository, string head, bool review = true, ValidationOutcome lint = ValidationOutcome.Passed)
    {
        await (await app.Post("/v1/changes", Requests.Generated(id, head, repository: repository))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{id}/validations", Requests.Check("unit", head, ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{id}/validations", Requests.Check("lint", head, lint))).ShouldHaveStatus(201);
        if (review) await (await app.Post($"/v1/changes/{id}/reviews", Requests.Review("erin", head))).ShouldHaveStatus(201);
    }

    private static async Task<DateTimeOffset> Released(LedgerApp app, string id, string environment = "prod", OverrideBody? @override = null, int status = 201)
    {
        await (await app.Post($"/v1/changes/{id}/releases", Requests.Release(environment, @override))).ShouldHaveStatus(status);
        return (await app.Get<ReleaseView>($"/v1/changes/{id}/release")).Releases.LastOrDefault()?.RecordedAt ?? default;
    }

    private static JsonObject CdEvent(string type, string chain, string subject, JsonObject content, string source) => new()
    {
        ["context"] = new JsonObject
        {
            ["specversion"] = "0.5.1", ["id"] = Guid.NewGuid().ToString(), ["chainId"] = chain, ["source"] = source, ["type"] = type,
            ["timestamp"] = "2026-11-20T10:00:00Z",
        },
        ["subject"] = new JsonObject { ["id"] = subject, ["source"] = source, ["content"] = content },
    };

    /// <summary>Records the period's story under a fresh prefix and answers its bounds, by the ledger's own recording times.</summary>
    public static async Task<Period> Recorded(LedgerApp app)
    {
        var prefix = "audit" + Guid.NewGuid().ToString("N")[..8];
        var (alpha, beta) = ($"github.com/{prefix}/alpha", $"github.com/{prefix}/beta");
        await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(alpha)}/policy", new SetPolicyRequest(["unit"], 1, true, "ann"))).ShouldHaveStatus(201);
        await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(beta)}/policy", new SetPolicyRequest(["unit", "lint"], 1, true, "ann"))).ShouldHaveStatus(201);
        var ids = new[] { "early", "a1", "a2", "a3", "b1", "b2", "shop", "late" }.Select(n => $"{prefix}-{n}").ToArray();

        await Ready(app, ids[0], alpha, "e0e0e0e");
        var from = (await Released(app, ids[0])).AddTicks(10);

        await Ready(app, ids[1], alpha, "a1a1a1a");
        await Released(app, ids[1], "staging");
        await Released(app, ids[1]);
        await Ready(app, ids[2], alpha, "a2a2a2a", review: false);
        await Released(app, ids[2], @override: new OverrideBody("vp-vera", "Card outage fix; review follows"));
        await Ready(app, ids[3], alpha, "a3a3a3a", review: false);
        await Released(app, ids[3], status: 409);
        await Ready(app, ids[4], beta, "b1b1b1b", lint: ValidationOutcome.Failed);
        await Released(app, ids[4], @override: new OverrideBody("cto-cole", "@oncall: lint rule misfires on generated code"));
        await Ready(app, ids[5], beta, "b2b2b2b");
        await Released(app, ids[5]);
        // A deployment reported as a fact (a CDEvent) that the gate would have refused: released outside the gate.
        const string source = "https://cd.example.com";
        var chain = prefix + "-chain";
        await (await app.Client.SendAsync(Structured(CdEvent("dev.cdevents.change.created.0.4.0", chain, ids[6], new JsonObject
        {
            ["description"] = "Cache the catalogue", ["repository"] = new JsonObject { ["id"] = $"{prefix}/shop", ["source"] = "https://github.com" },
        }, source)))).ShouldHaveStatus(201);
        await (await app.Client.SendAsync(Structured(CdEvent("dev.cdevents.service.deployed.0.3.0", chain, "shop", new JsonObject
        {
            ["environment"] = new JsonObject { ["id"] = "prod" }, ["artifactId"] = $"pkg:oci/shop@sha256%3A{new string('5', 64)}",
        }, source)))).ShouldHaveStatus(201);
        var to = (await app.Get<ReleaseView>($"/v1/changes/{ids[6]}/release")).Releases.Single().RecordedAt.AddTicks(10);

        await Ready(app, ids[7], alpha, "f7f7f7f");
        (await Released(app, ids[7])).ShouldBeGreaterThanOrEqualTo(to);
        return new Period(prefix, from, to, ids);
    }
}
