using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using Marten;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// A change asked about again and again: its release view lists every verdict recorded on it, now and as of any
/// moment or version, while its one document keeps only the verdicts its releases name and the latest, so what a
/// release loads and stores does not grow with how often the gate was asked.
/// </summary>
public sealed class ReadingVerdictHistory(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Id = "verdicts-1";
    private const string Url = "/v1/changes/" + Id;

    private const string Old = "verdicts-old";
    private const string OldUrl = "/v1/changes/" + Old;

    private Task<string?> Stored() => StoredOf(Id);

    // Records holding lists compare them by reference: their JSON compares what a client reads.
    private static string Json(object? value) => System.Text.Json.JsonSerializer.Serialize(value, LedgerApp.Json);

    /// <summary>The verdicts the change's document keeps, as "environment@version evaluated".</summary>
    private Task<string?> StoredOf(string changeId) =>
        app.Text($"select string_agg((v ->> 'environment') || '@' || (v ->> 'changeVersion'), ' ' order by ord) from ledger.mt_doc_change_record, " +
                 $"jsonb_array_elements(data -> 'releaseRecord' -> 'verdicts') with ordinality as x(v, ord) where id = '{changeId}'");

    [Fact]
    public async Task the_release_view_lists_every_verdict_and_the_document_keeps_those_releases_name()
    {
        await (await app.Post("/v1/changes", Requests.Human(Id, repository: "github.com/acme/verdicts"))).ShouldHaveStatus(201);
        await (await app.Post(Url + "/reviews", Requests.Review("erin", "c0ffee1"))).ShouldHaveStatus(201);
        await (await app.Post(Url + "/holds", Requests.Hold("inc-7"))).ShouldHaveStatus(201);
        foreach (var environment in new[] { "staging", "prod", "staging", "prod" })
            (await (await app.Post(Url + "/releases", Requests.Release(environment))).Read<ReleaseOutcome>(409)).Verdict.Ready.ShouldBeFalse();
        (await Stored()).ShouldBe("prod@6", "the document keeps the latest verdict only while no release names one");
        await (await app.Post(Url + "/holds/inc-7/lift", new LiftHoldRequest("oncall-carol", "INC-7 resolved"))).ShouldHaveStatus(201);
        var released = await (await app.Post(Url + "/releases", Requests.Release("staging"))).Read<ReleaseOutcome>(201);
        foreach (var environment in new[] { "prod", "qa", "dev" })
            await (await app.Post(Url + "/releases", Requests.Release(environment))).ShouldHaveStatus(201);

        // Eight verdicts recorded; the document keeps the four the releases name.
        (await Stored()).ShouldBe("staging@8 prod@10 qa@12 dev@14");
        var view = await app.Get<ReleaseView>(Url + "/release");
        view.Verdicts.Select(v => $"{v.Environment}@{v.ChangeVersion}:{(v.Ready ? "ready" : "refused")}").ShouldBe([
            "staging@3:refused", "prod@4:refused", "staging@5:refused", "prod@6:refused",
            "staging@8:ready", "prod@10:ready", "qa@12:ready", "dev@14:ready"]);
        Json(view.LastVerdict).ShouldBe(Json(view.Verdicts[^1]));
        view.Releases.Select(r => r.VerdictVersion).ShouldBe([9, 11, 13, 15]);

        // The environment view still shows the verdict each release named.
        var staging = (await app.Get<EnvironmentView>("/v1/environments/staging")).Repositories.Single();
        Json(staging.Verdict).ShouldBe(Json(released.Verdict));

        // The past: what was recorded by a version, or by a moment.
        var atSix = await app.Get<ReleaseView>(Url + "/release?atVersion=6");
        atSix.Verdicts.Select(v => v.ChangeVersion).ShouldBe([3, 4, 5]);
        atSix.LastVerdict!.ChangeVersion.ShouldBe(5);
        var second = (await app.Get<AuditTrail>(Url + "/trail")).Events.Single(e => e.Version == 5);
        var asOf = await app.Get<ReleaseView>($"{Url}/release?asOf={Uri.EscapeDataString(second.RecordedAt.ToString("O"))}");
        asOf.Verdicts.Select(v => v.ChangeVersion).ShouldBe([3, 4]);
        asOf.Releases.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_document_stored_with_every_verdict_answers_the_same_and_a_rebuild_keeps_only_those_releases_name()
    {
        await (await app.Post("/v1/changes", Requests.Human(Old, repository: "github.com/acme/verdicts-old"))).ShouldHaveStatus(201);
        await (await app.Post(OldUrl + "/releases", Requests.Release("prod"))).ShouldHaveStatus(409);
        await (await app.Post(OldUrl + "/reviews", Requests.Review("erin", "c0ffee1"))).ShouldHaveStatus(201);
        await (await app.Post(OldUrl + "/releases", Requests.Release("prod"))).ShouldHaveStatus(201);
        var before = await app.Get<ReleaseView>(OldUrl + "/release");
        before.Verdicts.Count.ShouldBe(2);

        // As documents were stored before they were bounded: every verdict of the change in its release record.
        await app.Count($"update ledger.mt_doc_change_record set data = jsonb_set(data, '{{releaseRecord,verdicts}}', " +
                        $"(select jsonb_agg(e.data -> 'verdict' order by e.version) from ledger.mt_events as e where e.stream_id = '{Old}' and e.type = 'release_verdict_recorded')) where id = '{Old}'");
        (await StoredOf(Old)).ShouldBe("prod@1 prod@3");
        var after = await app.Get<ReleaseView>(OldUrl + "/release");
        Json(after.Verdicts).ShouldBe(Json(before.Verdicts));
        Json(after.Releases).ShouldBe(Json(before.Releases));
        Json((await app.Get<EnvironmentView>("/v1/environments/prod")).Repositories.Single(d => d.ChangeId == Old).Verdict).ShouldBe(Json(before.Verdicts[^1]));

        using (var daemon = await app.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync("Change", TimeSpan.FromMinutes(1), CancellationToken.None);
        (await StoredOf(Old)).ShouldBe("prod@3");
        Json((await app.Get<ReleaseView>(OldUrl + "/release")).Verdicts).ShouldBe(Json(before.Verdicts));
    }
}
