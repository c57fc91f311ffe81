using System.Diagnostics;
using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Hosting;
using ChangeLedger.Contracts;
using ChangeLedger.Policies;
using Marten;

namespace ChangeLedger.Release;

/// <summary>
/// POST /v1/changes/{id}/releases — ask the gate and keep its answer. The verdict is always recorded; the
/// release follows when it is ready, or when an override with a written justification sets the policy aside.
/// </summary>
public static class ReleaseChange
{
    public static Validation Validate(ReleaseChangeRequest r)
    {
        var v = Validation.ForWrite(r)
            .Required("environment", r.Environment, 100)
            .Required("version", r.Version)
            .Required("releasedBy", r.ReleasedBy);
        if (r.Override is { } o)
            v.Optional("override.by", o.By).Required("override.justification", o.Justification, Validation.Text);
        return v;
    }

    public static Decision Decide(Change change, Evidence evidence, ReleasePolicy policy, ReleaseChangeRequest r, DateTimeOffset now)
    {
        var occurredAt = r.OccurredAt ?? now;
        var verdict = Verdict.Evaluate(change, evidence, policy, r.Environment!, now);
        var recorded = new ReleaseVerdictRecorded(change.Id, verdict, r.ReleasedBy!, occurredAt);
        var verdictVersion = change.Version + 1;

        if (verdict.Ready)
            return Decision.Of(recorded, new ChangeReleased(change.Id, r.Environment!, r.Version!, r.ReleasedBy!, verdictVersion, null, occurredAt));

        var overridable = verdict.Rules.Where(rule => !rule.Passed).All(rule => !Verdict.NotOverridable.Contains(rule.Rule));
        if (r.Override is { } o && overridable)
            return Decision.Of(recorded, new ChangeReleased(change.Id, r.Environment!, r.Version!, r.ReleasedBy!, verdictVersion,
                new ReleaseOverride(o.By ?? r.ReleasedBy!, o.Justification!), occurredAt));

        return Decision.Of(recorded);
    }

    public static (int Status, object Body) Respond(WriteResult result, IReadOnlyList<object> events, ReleaseChangeRequest r)
    {
        var verdict = events.OfType<ReleaseVerdictRecorded>().Single().Verdict;
        var released = events.OfType<ChangeReleased>().SingleOrDefault();
        return (released is null ? StatusCodes.Status409Conflict : StatusCodes.Status201Created,
            new ReleaseOutcome(result.ChangeId, released is not null, result.Version, verdict, released?.Override));
    }

    public static async Task<(Evidence, ReleasePolicy)> Inputs(IQuerySession session, Change change, CancellationToken ct)
    {
        var evidence = await session.LoadAsync<Evidence>(change.Id, ct)
            ?? throw new InvalidOperationException($"Evidence of change '{change.Id}' is missing; rebuild the projections.");
        return (evidence, await GetPolicy.InForce(session, change.Repository, null, ct));
    }

    /// <summary>The release as data; the endpoint and batch ingestion (service.deployed, typed batches) share it.</summary>
    public static Task<WriteOutcome> Outcome(LedgerWriter writer, ClaimsPrincipal user, string changeId, ReleaseChangeRequest body, CancellationToken ct) =>
        body.Override is not null && !user.HasRole(Roles.Override)
            ? Task.FromResult(WriteOutcome.Refused(new Problem(403, "override-not-allowed", "This key may not override the gate",
                $"Key {user.KeyId()} lacks the 'override' role; nothing was recorded. Release without an override, or ask someone entitled to override.")))
            : writer.Outcome(user, changeId, "release", body, Validate, (change, id, _, _) => Guards.Exists(change, id) ?? throw new UnreachableException(), ct,
            command => command with
            {
                Prepare = async (session, change, token) =>
                {
                    var (evidence, policy) = await Inputs(session, change, token);
                    return (current, now) => Decide(current!, evidence, policy, body, now);
                },
                Respond = (result, events) => Respond(result, events, body),
            });

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/releases", async (string changeId, ReleaseChangeRequest body, LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
                (await Outcome(writer, user, changeId, body, ct)).ToResult())
            .Describe("ReleaseChange", "Ask the gate and record the verdict; release when ready or overridden", Permissions.Ship)
            .Produces<ReleaseOutcome>(StatusCodes.Status201Created)
            .Produces<ReleaseOutcome>(StatusCodes.Status409Conflict);
}
