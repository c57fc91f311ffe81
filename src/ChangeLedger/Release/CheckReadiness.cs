using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Release;

/// <summary>GET /v1/changes/{id}/readiness?environment= — a fresh verdict, computed and not recorded: CI's dry run.</summary>
public static class CheckReadiness
{
    public static void Map(RouteGroupBuilder changes) =>
        changes.MapGet("/{changeId}/readiness", async (string changeId, string? environment, IQuerySession session, ClaimsPrincipal user, TimeProvider clock, IRepositoryReads reads,
                CancellationToken ct) =>
            {
                if (ChangeId.Check(changeId) is not null) return Problems.Result(ChangeId.InvalidProblem(changeId));
                if (new Validation().Required("environment", environment, 100) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                var change = await session.LoadAsync<Change>(changeId, ct);
                if (change is null || !user.InScope(change.Repository)) return Problems.Result(Problem.UnknownChange(changeId));
                var (evidence, policy) = await ReleaseChange.Inputs(session, change, ct);
                return Results.Ok(Verdict.Evaluate(change, evidence, policy, environment!, clock.GetUtcNow(),
                    await IncidentHolds.In(session, change.Repository, environment!, ct),
                    policy.CodeOwnersApproved ? await reads.CodeOwners(session, change.Repository, ct) : null, await reads.FreezeWindows(session, change.Repository, ct)));
            })
            .RequireAuthorization(Permissions.Gate)
            .WithName("CheckReadiness").WithSummary("Compute the release verdict now, without recording it")
            .Produces<ReleaseVerdict>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
