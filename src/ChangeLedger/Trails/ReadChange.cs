using System.Text.Json;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using ChangeLedger.Release;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Trails;

/// <summary>
/// The single-change reads. Now: the inline projection document (one read). As of a moment or a version: the same
/// projection run over the events recorded by then, so the past is answered by the same code as the present.
/// </summary>
public static class ReadChange
{
    public sealed record Moment(DateTimeOffset? AsOf, long? AtVersion)
    {
        public bool IsNow => AsOf is null && AtVersion is null;
    }

    public static void Map(RouteGroupBuilder changes)
    {
        changes.MapGet("/{changeId}", (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, CancellationToken ct) =>
                Read<ChangeSummary>(s, changeId, new(asOf, atVersion), ct, x => x))
            .WithName("GetChange").WithSummary("The change summary: status, owner, head commit, origin, counts").Produces<ChangeSummary>();

        changes.MapGet("/{changeId}/ownership", (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, CancellationToken ct) =>
                Read<OwnershipHistory>(s, changeId, new(asOf, atVersion), ct, x => x))
            .WithName("GetOwnership").WithSummary("Who owns the change, and every hand-over").Produces<OwnershipHistory>();

        changes.MapGet("/{changeId}/evidence", (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, CancellationToken ct) =>
                Read<Evidence>(s, changeId, new(asOf, atVersion), ct, x => x))
            .WithName("GetEvidence").WithSummary("What proved the change: runs per check, current and stale; reviews").Produces<Evidence>();

        changes.MapGet("/{changeId}/release", async (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, TimeProvider clock, CancellationToken ct) =>
            {
                var moment = new Moment(asOf, atVersion);
                if (Check(changeId, moment) is { } bad) return bad;
                var summary = await Load<ChangeSummary>(s, changeId, moment, ct);
                var record = await Load<ReleaseRecord>(s, changeId, moment, ct);
                if (summary is null || record is null) return NotFound(changeId, moment);
                // Expiry is judged at the moment asked about: as of a past time, a hold that expired later still blocked.
                var at = asOf ?? (atVersion is null ? clock.GetUtcNow() : summary.LastRecordedAt);
                return Results.Ok(record.ToView(summary.Status, at));
            })
            .WithName("GetRelease").WithSummary("Why released or held: holds, verdicts with reasons, releases, overrides").Produces<ReleaseView>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        changes.MapGet("/{changeId}/trail", async (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s,
                IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
            {
                var moment = new Moment(asOf, atVersion);
                if (Check(changeId, moment) is { } bad) return bad;
                var events = await s.Events.FetchStreamAsync(changeId, atVersion ?? 0, asOf, token: ct);
                if (events.Count == 0 || events[0].Data is not ChangeProposed) return NotFound(changeId, moment);
                var entries = events.Select(e => Entry(e, json.Value.SerializerOptions)).ToList();
                return Results.Ok(new AuditTrail(changeId, entries[^1].Version, entries));
            })
            .WithName("GetTrail").WithSummary("The audit trail: every event with type, version, actor and both clocks").Produces<AuditTrail>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
    }

    public static TrailEntry Entry(IEvent e, JsonSerializerOptions json) =>
        new(e.Version, e.Sequence, e.EventTypeName, (e.Data as IChangeEvent)?.Actor ?? "", (e.Data as IChangeEvent)?.OccurredAt ?? e.Timestamp,
            e.Timestamp, e.GetHeader("eventId")?.ToString(), JsonSerializer.SerializeToElement(e.Data, e.EventType, json),
            e.GetHeader(Integrity.HashChain.HashHeader)?.ToString());

    private static async Task<IResult> Read<T>(IQuerySession s, string changeId, Moment moment, CancellationToken ct, Func<T, object> shape) where T : class
    {
        if (Check(changeId, moment) is { } bad) return bad;
        var doc = await Load<T>(s, changeId, moment, ct);
        return doc is null ? NotFound(changeId, moment) : Results.Ok(shape(doc));
    }

    public static async Task<T?> Load<T>(IQuerySession s, string changeId, Moment moment, CancellationToken ct) where T : class =>
        moment.IsNow
            ? await s.LoadAsync<T>(changeId, ct)
            : await s.Events.AggregateStreamAsync<T>(changeId, moment.AtVersion ?? 0, moment.AsOf, token: ct);

    private static IResult? Check(string changeId, Moment moment)
    {
        if (ChangeId.Check(changeId) is not null) return Problems.Result(ChangeId.InvalidProblem(changeId));
        if (moment.AtVersion is < 1)
            return Problems.Result(Problem.Invalid(new Dictionary<string, string[]> { ["atVersion"] = ["'atVersion' is a stream version, 1 or more."] }));
        return null;
    }

    private static IResult NotFound(string changeId, Moment moment) =>
        Problems.Result(moment.IsNow
            ? Problem.UnknownChange(changeId)
            : new Problem(404, "unknown-change", "Unknown change at that moment",
                $"No change '{changeId}' was recorded {(moment.AsOf is { } t ? $"as of {t:O}" : "")}{(moment.AtVersion is { } v ? $" at version {v}" : "")}."));
}
