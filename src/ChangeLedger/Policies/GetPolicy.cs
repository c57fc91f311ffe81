using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Policies;

/// <summary>GET /v1/repositories/{repository}/policy — the policy in force now, or as of a past moment.</summary>
public static class GetPolicy
{
    public static async Task<ReleasePolicy> InForce(IQuerySession session, string repository, DateTimeOffset? asOf, CancellationToken ct)
    {
        var key = RepositoryPolicy.StreamKey(repository);
        var policy = asOf is null
            ? await session.LoadAsync<RepositoryPolicy>(key, ct)
            : await session.Events.AggregateStreamAsync<RepositoryPolicy>(key, timestamp: asOf, token: ct);
        return policy?.ToContract() ?? RepositoryPolicy.Default(repository);
    }

    public static void Map(RouteGroupBuilder repositories) =>
        repositories.MapGet("/{repository}/policy", async (string repository, DateTimeOffset? asOf, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                SetPolicy.ValidateRepository(SetPolicy.Repository(repository)) is { IsValid: false } bad
                    ? Problems.Result(bad.ToProblem())
                    : !user.InScope(SetPolicy.Repository(repository))
                        ? Problems.Result(SetPolicy.OutOfScope(SetPolicy.Repository(repository)))
                        : Results.Ok(await InForce(session, SetPolicy.Repository(repository), asOf, ct)))
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetPolicy").WithSummary("The release policy in force (?asOf= for a past moment)")
            .Produces<ReleasePolicy>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
