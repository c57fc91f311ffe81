using ChangeLedger.Contracts;
using ChangeLedger.Exports;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Support.Exports;

namespace ChangeLedger.Tests.Api.Exports;

/// <summary>
/// A known history per test, in its own repositories: a transfer, a split, and a repository outside the pattern. The
/// service's clock is the class's (<see cref="ClockedLedgerApp"/>): a period closes when the test moves time past it.
/// </summary>
public sealed class ExportingOwnership(ClockedLedgerApp app) : IClassFixture<ClockedLedgerApp>
{
    private const string Header = "changeId,repository,title,owner,previousOwner,by,reason,occurredAt,recordedAt,eventVersion";

    private async Task<string[]> History(string p)
    {
        await (await app.Post("/v1/changes", Requests.Human($"{p}-pay-1", repository: $"github.com/{p}/payments"))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{p}-pay-1/ownership", new TransferOwnershipRequest("bob", "carol", "alice is on leave"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated($"{p}-bill-1", owner: "dave", repository: $"github.com/{p}/billing"))).ShouldHaveStatus(201);
        await (await app.Post($"/v1/changes/{p}-bill-1/splits", new SplitChangeRequest(
            [new SplitChildBody($"{p}-bill-1a", "Refund retries"), new SplitChildBody($"{p}-bill-1b", "Refund metrics")], "erin", "too big to review"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human($"{p}-x-1", owner: "frank", repository: $"github.com/{p}-other/x"))).ShouldHaveStatus(201);
        return [$"{p}-pay-1", $"{p}-bill-1", $"{p}-bill-1a", $"{p}-bill-1b"];
    }

    /// <summary>The rows the export must contain, built from each change's ownership history as the API reports it.</summary>
    private async Task<List<(DateTimeOffset At, string Id, long Version, string Line)>> Expected(params string[] ids)
    {
        var rows = new List<(DateTimeOffset, string, long, string)>();
        foreach (var id in ids)
        {
            var summary = await app.Get<ChangeSummary>($"/v1/changes/{id}");
            var history = await app.Get<OwnershipHistory>($"/v1/changes/{id}/ownership");
            rows.AddRange(history.History.Select(h => (h.RecordedAt, id, h.Version, string.Join(',', id, summary.Repository, summary.Title, h.Owner,
                h.PreviousOwner ?? "", h.By, h.Reason, Time(h.OccurredAt), Time(h.RecordedAt), h.Version))));
        }
        return [.. rows.OrderBy(r => r.Item1).ThenBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.Item3)];
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'");

    [Fact]
    public async Task the_ownership_csv_has_one_row_per_proposal_transfer_and_split_child_in_recorded_order()
    {
        var ids = await History("own");

        var file = await app.Download("/v1/exports/ownership?repository=github.com/own/*&format=csv");

        var expected = await Expected(ids);
        Lines(file, "\r\n").ShouldBe([Header, .. expected.Select(r => r.Line)]);
        expected.Select(r => r.Line.Split(',')[6]).ShouldBe(["proposed", "alice is on leave", "proposed", "split from own-bill-1", "split from own-bill-1"]);
    }

    [Fact]
    public async Task a_repository_pattern_selects_only_the_repositories_it_matches()
    {
        await History("pat");

        var payments = Ndjson(await app.Download("/v1/exports/ownership?repository=github.com/pat/pay*&format=ndjson"));
        var everything = Ndjson(await app.Download("/v1/exports/ownership?repository=github.com/pat*&format=ndjson"));

        payments.Rows.Select(r => r.GetProperty("changeId").GetString()).ShouldBe(["pat-pay-1", "pat-pay-1"]);
        everything.Rows.Select(r => r.GetProperty("changeId").GetString()).Distinct().Order()
            .ShouldBe(["pat-bill-1", "pat-bill-1a", "pat-bill-1b", "pat-pay-1", "pat-x-1"]);
    }

    [Fact]
    public async Task the_range_selects_rows_by_recorded_time_from_inclusive_to_exclusive()
    {
        var ids = await History("rng");
        var expected = await Expected(ids);
        var (from, to) = (expected[1].At, expected[3].At);

        var file = await app.Download($"/v1/exports/ownership?repository=github.com/rng/*&from={Q(from)}&to={Q(to)}");

        Lines(file, "\r\n").ShouldBe([Header, .. expected.Where(r => r.At >= from && r.At < to).Select(r => r.Line)]);
    }

    [Fact]
    public async Task cells_a_spreadsheet_would_run_as_formulas_are_defused_and_quoting_follows_rfc_4180()
    {
        await (await app.Post("/v1/changes", Requests.Human("csv-1", repository: "github.com/csv/x") with { Title = "=HYPERLINK(\"http://evil\",\"ok\")" })).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/csv-1/ownership", new TransferOwnershipRequest("@mallory", "+carol", "-1, \"urgent\"\nsee ticket"))).ShouldHaveStatus(201);

        var text = System.Text.Encoding.UTF8.GetString(await app.Download("/v1/exports/ownership?repository=github.com/csv/x"));

        text.ShouldContain(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"ok\"\")\",'@mallory,alice,'+carol,\"'-1, \"\"urgent\"\"\nsee ticket\",");
    }

    [Fact]
    public async Task the_same_export_of_a_closed_period_is_byte_identical_and_its_manifest_counts_and_hashes_the_rows()
    {
        await History("rep");
        var to = Q(app.Clock!.GetUtcNow().AddSeconds(1));
        app.Clock.Advance(TimeSpan.FromSeconds(1.5));
        var path = $"/v1/exports/ownership?repository=github.com/rep/*&to={to}";

        var first = await app.Download(path + "&format=ndjson");
        var second = await app.Download(path + "&format=ndjson");
        var csv = await app.Download(path + "&format=csv");
        var sidecar = await app.Get<ExportManifest>($"/v1/exports/ownership/manifest?repository=github.com/rep/*&to={to}&format=csv");

        second.ShouldBe(first);
        var (rows, manifest, rowBytes) = Ndjson(first);
        manifest.Type.ShouldBe("manifest");
        manifest.Rows.ShouldBe(5);
        rows.Length.ShouldBe(5);
        manifest.Sha256.ShouldBe(Sha256(rowBytes));
        manifest.Query.Repository.ShouldBe("github.com/rep/*");
        sidecar.Rows.ShouldBe(5);
        sidecar.Sha256.ShouldBe(Sha256(csv));
    }

    [Fact]
    public async Task a_scope_of_allowed_repositories_is_anded_with_the_requested_pattern_so_a_pattern_cannot_widen_it()
    {
        await History("scp");
        var request = new ExportRequest(null, app.Clock!.GetUtcNow().AddHours(1), "github.com/scp*", ExportFormat.Ndjson,
            new ExportScope(new RepositoryScope(["github.com/scp/pay*"])));

        await using var session = app.Store.QuerySession();
        var manifest = (ExportManifest)await ExportRun.Manifest(ExportOwnership.Spec, request, session, app.Host.Services, CancellationToken.None);

        manifest.Rows.ShouldBe(2);
    }

    [Fact]
    public async Task an_unknown_format_is_refused_with_the_field_named()
    {
        var response = await app.Client.GetAsync("/v1/exports/ownership?format=xlsx");

        var problem = await response.ShouldBeProblem(400, "validation");
        problem.GetProperty("errors").GetProperty("format").GetArrayLength().ShouldBe(1);
    }
}
