using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using static ChangeLedger.Tests.Support.Exports;

namespace ChangeLedger.Tests.Api.Exports;

public sealed class ExportingTheTrail(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task the_trail_export_carries_every_event_of_the_matching_streams_with_metadata_and_data()
    {
        await (await app.Post("/v1/changes", Requests.Generated("trail-1", repository: "github.com/trail/a"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/trail-1/validations", Requests.Check("unit-tests", "c0ffee1", ValidationOutcome.Passed) with { EventId = "ci:run:1" })).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/trail-1/splits", new SplitChangeRequest(
            [new SplitChildBody("trail-1a", "one"), new SplitChildBody("trail-1b", "two")], "erin", "too big"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("trail-other", repository: "github.com/elsewhere/b"))).ShouldHaveStatus(201);

        var (rows, manifest, rowBytes) = Ndjson(await app.Download("/v1/exports/trail?repository=github.com/trail/*"));
        rows.ShouldAllBe(r => r.GetProperty("hash").GetString()!.Length == 64);

        var trail = await app.Get<AuditTrail>("/v1/changes/trail-1/trail");
        rows.Select(r => (r.GetProperty("streamId").GetString(), r.GetProperty("version").GetInt64(), r.GetProperty("eventType").GetString()))
            .ShouldBe([("trail-1", 1, "change_proposed"), ("trail-1", 2, "validation_recorded"), ("trail-1", 3, "change_split"),
                ("trail-1a", 1, "change_proposed"), ("trail-1b", 1, "change_proposed")]);
        rows.Select(r => r.GetProperty("sequence").GetInt64()).ShouldBe(rows.Select(r => r.GetProperty("sequence").GetInt64()).Order());
        rows[1].GetProperty("eventId").GetString().ShouldBe("ci:run:1");
        rows[1].GetProperty("data").GetProperty("check").GetString().ShouldBe("unit-tests");
        rows[1].GetProperty("sequence").GetInt64().ShouldBe(trail.Events[1].Sequence);
        manifest.Rows.ShouldBe(5);
        manifest.Sha256.ShouldBe(Sha256(rowBytes));
    }

    [Fact]
    public async Task the_trail_also_exports_as_csv_with_a_header_row()
    {
        await (await app.Post("/v1/changes", Requests.Human("trail-csv-1", repository: "github.com/trailcsv/a"))).ShouldHaveStatus(201);

        var lines = Lines(await app.Download("/v1/exports/trail?repository=github.com/trailcsv/a&format=csv"), "\r\n");

        lines[0].ShouldBe("sequence,streamId,version,eventType,repository,actor,occurredAt,recordedAt,eventId,hash,prevHash,data");
        lines.Length.ShouldBe(2);
        lines[1].ShouldContain(",trail-csv-1,1,change_proposed,github.com/trailcsv/a,alice,");
    }
}
