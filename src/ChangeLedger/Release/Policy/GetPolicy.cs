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
        var policy = await StreamDocuments.At<RepositoryPolicy>(session, RepositoryPolicy.StreamKey(repository), asOf, ct);
        return policy?.ToContract() ?? ReleasePolicy.Default(repository);
    }

    public static void Map(RouteGroupBuilder repositories) =>
        repositories.MapGet("/{repository}/policy", async (string repository, DateTimeOffset? asOf, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
            {
                repository = SetPolicy.RepositoryOf(repository);
                if (SetPolicy.ValidateRepository(repository) is { IsValid: false } bad) return Problems.Result(bad.ToProblem());
                if (!user.InScope(repository)) return Problems.Result(SetPolicy.OutOfScope(repository));
                return Results.Ok(await InForce(session, repository, asOf, ct));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetPolicy").WithSummary("The release policy in force (?asOf= for a past moment)")
            .Produces<ReleasePolicy>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
