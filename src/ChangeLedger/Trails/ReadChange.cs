using System.Security.Claims;
using System.Text.Json;
using ChangeLedger.Access;
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
        changes.MapGet("/{changeId}", (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user, CancellationToken ct) =>
                Read<ChangeSummary>(s, user, changeId, new(asOf, atVersion), x => x.Repository, ct))
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetChange").WithSummary("The change summary: status, owner, head commit, origin, counts").Produces<ChangeSummary>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        changes.MapGet("/{changeId}/ownership", (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user, CancellationToken ct) =>
                Read<OwnershipHistory>(s, user, changeId, new(asOf, atVersion), x => x.Repository, ct))
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetOwnership").WithSummary("Who owns the change, and every hand-over").Produces<OwnershipHistory>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        changes.MapGet("/{changeId}/evidence", async (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var moment = new Moment(asOf, atVersion);
                if (Check(changeId, moment) is { } bad) return bad;
                var evidence = await Load<Evidence>(s, changeId, moment, ct);
                if (evidence is null || !user.InScope(evidence.Repository)) return NotFound(changeId, moment);
                // Whether evidence of an earlier commit with the head's patch-id still counts is the policy's call, as in the verdict.
                return Results.Ok(CarryOver.Apply(evidence, await Policies.GetPolicy.InForce(s, evidence.Repository, asOf, ct)));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetEvidence").WithSummary("What proved the change: runs per check, current and stale; reviews").Produces<Evidence>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        changes.MapGet("/{changeId}/release", async (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
            {
                var moment = new Moment(asOf, atVersion);
                if (Check(changeId, moment) is { } bad) return bad;
                var summary = await Load<ChangeSummary>(s, changeId, moment, ct);
                var record = await Load<ReleaseRecord>(s, changeId, moment, ct);
                if (summary is null || record is null || !user.InScope(summary.Repository)) return NotFound(changeId, moment);
                // Expiry is judged at the moment asked about: as of a past time, a hold that expired later still blocked.
                var at = asOf ?? (atVersion is null ? clock.GetUtcNow() : summary.LastRecordedAt);
                return Results.Ok(record.ToView(summary.Status, at));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetRelease").WithSummary("Why released or held: holds, verdicts with reasons, releases, overrides").Produces<ReleaseView>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        changes.MapGet("/{changeId}/trail", async (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user,
                IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
            {
                var moment = new Moment(asOf, atVersion);
                if (Check(changeId, moment) is { } bad) return bad;
                var events = await s.Events.FetchStreamAsync(changeId, atVersion ?? 0, asOf, token: ct);
                if (events.Count == 0 || events[0].Data is not ChangeProposed proposed || !user.InScope(proposed.Repository)) return NotFound(changeId, moment);
                var entries = events.Select(e => Entry(e, json.Value.SerializerOptions)).ToList();
                return Results.Ok(new AuditTrail(changeId, entries[^1].Version, entries));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetTrail").WithSummary("The audit trail: every event with type, version, actor and both clocks").Produces<AuditTrail>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
    }

    public static TrailEntry Entry(IEvent e, JsonSerializerOptions json) => LedgerTrail.Entry(e, json);

    /// <summary>A change outside the key's repositories is answered exactly as one that does not exist.</summary>
    private static async Task<IResult> Read<T>(IQuerySession s, ClaimsPrincipal user, string changeId, Moment moment, Func<T, string> repository, CancellationToken ct)
        where T : class
    {
        if (Check(changeId, moment) is { } bad) return bad;
        var doc = await Load<T>(s, changeId, moment, ct);
        return doc is null || !user.InScope(repository(doc)) ? NotFound(changeId, moment) : Results.Ok(doc);
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
