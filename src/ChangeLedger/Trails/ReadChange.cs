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
        changes.MapGet("/{changeId}", async (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var moment = new Moment(asOf, atVersion);
                if (Check(changeId, moment) is { } bad) return bad;
                return await SummaryOf(s, user, changeId, moment, ct) is { } summary ? Results.Ok(summary) : NotFound(changeId, moment);
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetChange").WithSummary("The change summary: status, owner, head commit, origin, counts").Produces<ChangeSummary>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        changes.MapGet("/{changeId}/ownership", (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user, CancellationToken ct) =>
                Read(s, user, changeId, new(asOf, atVersion), c => c.Ownership, ct))
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetOwnership").WithSummary("Who owns the change, and every hand-over").Produces<OwnershipHistory>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        changes.MapGet("/{changeId}/evidence", async (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var moment = new Moment(asOf, atVersion);
                if (Check(changeId, moment) is { } bad) return bad;
                return await EvidenceOf(s, user, changeId, moment, ct) is { } evidence ? Results.Ok(evidence) : NotFound(changeId, moment);
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetEvidence").WithSummary("What proved the change: runs per check, current and stale; reviews").Produces<Evidence>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        changes.MapGet("/{changeId}/release", async (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
            {
                var moment = new Moment(asOf, atVersion);
                if (Check(changeId, moment) is { } bad) return bad;
                return await ReleaseOf(s, user, changeId, moment, clock, ct) is { } view ? Results.Ok(view) : NotFound(changeId, moment);
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetRelease").WithSummary("Why released or held: holds, verdicts with reasons, releases, overrides").Produces<ReleaseView>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        changes.MapGet("/{changeId}/trail", async (string changeId, DateTimeOffset? asOf, long? atVersion, IQuerySession s, ClaimsPrincipal user,
                IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
            {
                var moment = new Moment(asOf, atVersion);
                if (Check(changeId, moment) is { } bad) return bad;
                return await TrailOf(s, user, changeId, moment, json.Value.SerializerOptions, ct) is { } trail ? Results.Ok(trail) : NotFound(changeId, moment);
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetTrail").WithSummary("The audit trail: every event with type, version, actor and both clocks").Produces<AuditTrail>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
    }

    public static TrailEntry Entry(IEvent e, JsonSerializerOptions json) => LedgerTrail.Entry(e, json);

    private static async Task<IResult> Read<T>(IQuerySession s, ClaimsPrincipal user, string changeId, Moment moment, Func<Change, T> slice, CancellationToken ct)
    {
        if (Check(changeId, moment) is { } bad) return bad;
        return await Find(s, user, changeId, moment, ct) is { } change ? Results.Ok(slice(change)) : NotFound(changeId, moment);
    }

    /// <summary>
    /// The one rule every single-change read goes through, the API's and the web pages' alike: a change outside the
    /// caller's repositories is null, exactly as one that does not exist.
    /// </summary>
    public static async Task<Change?> Find(IQuerySession s, ClaimsPrincipal user, string changeId, Moment moment, CancellationToken ct) =>
        Visible(user, await Load(s, changeId, moment, ct), c => c.Repository);

    /// <summary>
    /// The summary, through the same scope rule as <see cref="Find"/>. Now, it is the summary slice read in SQL, as the
    /// list reads it: the whole document (its evidence, ownership and release record, six times the summary's size on a
    /// short change) is neither sent by PostgreSQL nor deserialised for the most frequent read.
    /// </summary>
    public static async Task<ChangeSummary?> SummaryOf(IQuerySession s, ClaimsPrincipal user, string changeId, Moment moment, CancellationToken ct) =>
        moment.IsNow
            ? Visible(user, (await s.QueryAsync<ChangeSummary>(
                $"select d.data -> 'summary' from {LedgerStorage.Schema}.mt_doc_change_record as d where d.id = ?", ct, changeId)).SingleOrDefault(), c => c.Repository)
            : (await Find(s, user, changeId, moment, ct))?.Summary;

    private static T? Visible<T>(ClaimsPrincipal user, T? found, Func<T, string> repository) where T : class =>
        found is not null && user.InScope(repository(found)) ? found : null;

    /// <summary>What proved the change; whether evidence of an earlier commit with the head's patch-id still counts is the policy's call, as in the verdict.</summary>
    public static async Task<Evidence?> EvidenceOf(IQuerySession s, ClaimsPrincipal user, string changeId, Moment moment, CancellationToken ct) =>
        await Find(s, user, changeId, moment, ct) is { } change ? await EvidenceOf(s, change, moment, ct) : null;

    public static async Task<Evidence> EvidenceOf(IQuerySession s, Change change, Moment moment, CancellationToken ct) =>
        CarryOver.Apply(change.Evidence, await Policies.GetPolicy.InForce(s, change.Repository, moment.AsOf, ct));

    /// <summary>Why released or held. Expiry is judged at the moment asked about: as of a past time, a hold that expired later still blocked.</summary>
    public static async Task<ReleaseView?> ReleaseOf(IQuerySession s, ClaimsPrincipal user, string changeId, Moment moment, TimeProvider clock, CancellationToken ct) =>
        await Find(s, user, changeId, moment, ct) is { } change ? await ReleaseOf(s, change, moment, clock, ct) : null;

    public static async Task<ReleaseView> ReleaseOf(IQuerySession s, Change change, Moment moment, TimeProvider clock, CancellationToken ct) =>
        change.ReleaseRecord.ToView(change.Status, moment.AsOf ?? (moment.AtVersion is null ? clock.GetUtcNow() : change.Summary.LastRecordedAt),
            await VerdictsOf(s, change, ct));

    /// <summary>
    /// Every verdict recorded on the change up to the version it was read at (now, or as of a moment or a version), in
    /// order, from its events: the change's document keeps only those its releases name, so a release's cost does not
    /// grow with how often the gate was asked. The events' stream-and-version index bounds the read to this change.
    /// </summary>
    public static async Task<IReadOnlyList<ReleaseVerdict>> VerdictsOf(IQuerySession s, Change change, CancellationToken ct) =>
        await s.QueryAsync<ReleaseVerdict>(
            $"select e.data -> 'verdict' from {LedgerStorage.Schema}.mt_events as e " +
            "where e.stream_id = ? and e.version <= ? and e.type = 'release_verdict_recorded' order by e.version",
            ct, change.Id, change.Version);

    /// <summary>Every event of the change recorded by the moment, with both clocks.</summary>
    public static async Task<AuditTrail?> TrailOf(IQuerySession s, ClaimsPrincipal user, string changeId, Moment moment, JsonSerializerOptions json, CancellationToken ct)
    {
        var events = await s.Events.FetchStreamAsync(changeId, moment.AtVersion ?? 0, moment.AsOf, token: ct);
        if (events.Count == 0 || events[0].Data is not ChangeProposed proposed || !user.InScope(proposed.Repository)) return null;
        var entries = events.Select(e => Entry(e, json)).ToList();
        return new AuditTrail(changeId, entries[^1].Version, entries);
    }

    public static async Task<Change?> Load(IQuerySession s, string changeId, Moment moment, CancellationToken ct) =>
        moment.IsNow
            ? await s.LoadAsync<Change>(changeId, ct)
            : await s.Events.AggregateStreamAsync<Change>(changeId, moment.AtVersion ?? 0, moment.AsOf, token: ct);

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
