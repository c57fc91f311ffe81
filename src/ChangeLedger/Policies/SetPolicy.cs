using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Policies;

/// <summary>PUT /v1/repositories/{repository}/policy — set the release policy; each change is a new version.</summary>
public static class SetPolicy
{
    public const int MaxApprovals = 20;

    public static Validation Validate(SetPolicyRequest r) =>
        Validation.ForWrite(r)
            .Rule(r.RequiredChecks is not null, "requiredChecks", "'requiredChecks' is required (an empty list requires no checks).")
            .List("requiredChecks", r.RequiredChecks, Validation.Name)
            .Required("minApprovals", r.MinApprovals)
            .Rule(r.MinApprovals is null or (>= 0 and <= MaxApprovals), "minApprovals", $"'minApprovals' is between 0 and {MaxApprovals}.")
            .Required("setBy", r.SetBy)
            .Optional("reason", r.Reason, Validation.Text)
            .Rule(r.HoldsBlockRelease is null or true, "holdsBlockRelease", "Open holds always block release; this cannot be switched off.");

    /// <summary>True when the request would change nothing about the policy in force.</summary>
    public static bool Unchanged(RepositoryPolicy? current, SetPolicyRequest r) =>
        current is not null && current.RequiredChecks.SequenceEqual(r.RequiredChecks!.Distinct(StringComparer.Ordinal))
        && current.MinApprovals == r.MinApprovals && current.GeneratedChangesNeedHumanReview == (r.GeneratedChangesNeedHumanReview ?? true);

    public static Decision Decide(RepositoryPolicy? current, string repository, SetPolicyRequest r, DateTimeOffset now)
    {
        var checks = r.RequiredChecks!.Distinct(StringComparer.Ordinal).ToList();
        var needsHuman = r.GeneratedChangesNeedHumanReview ?? true;
        // Reached only when another writer set this very policy between the endpoint's check and this decision.
        if (current is not null && Unchanged(current, r))
            return Problem.Conflict("policy-unchanged", "The policy is already in force",
                $"Repository '{repository}' already has this policy (version {current.Version}); nothing was recorded.");
        return Decision.Of(new ReleasePolicySet(repository, checks, r.MinApprovals!.Value, needsHuman, r.SetBy!, r.Reason, r.OccurredAt ?? now));
    }

    public static Problem OutOfScope(string repository) =>
        new(404, "unknown-repository", "Unknown repository", $"No repository '{repository}' is visible to this key.");

    /// <summary>Routing leaves an encoded slash (%2F) encoded; the repository is the decoded name.</summary>
    public static string Repository(string routeValue) => Uri.UnescapeDataString(routeValue);

    public static Validation ValidateRepository(string repository) =>
        new Validation()
            .Required("repository", repository, 300)
            .Rule(!repository.Any(char.IsWhiteSpace), "repository", "A repository name has no white space.");

    public static void Map(RouteGroupBuilder repositories) =>
        repositories.MapPut("/{repository}/policy", async (string repository, SetPolicyRequest body, LedgerWriter writer, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
            {
                repository = Repository(repository);
                if (ValidateRepository(repository) is { IsValid: false } badRepo) return Problems.Result(badRepo.ToProblem());
                if (Validate(body) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                if (!user.InScope(repository)) return Problems.Result(OutOfScope(repository));
                var key = RepositoryPolicy.StreamKey(repository);
                // PUT is idempotent: the policy already in force is answered as it stands, and nothing is recorded.
                var inForce = await session.LoadAsync<RepositoryPolicy>(key, ct);
                if (Unchanged(inForce, body) && (body.ExpectedVersion is null || body.ExpectedVersion == inForce!.Version))
                    return Results.Ok(inForce!.ToContract());
                var command = new WriteCommand<RepositoryPolicy>(key, "set-policy", body, (current, now) => Decide(current, repository, body, now))
                {
                    Location = $"/v1/repositories/{Uri.EscapeDataString(repository)}/policy",
                    RecordedBy = user.RecordedBy(),
                    Respond = (result, events) =>
                    {
                        var set = events.OfType<ReleasePolicySet>().Single();
                        return (StatusCodes.Status201Created, new ReleasePolicy(repository, set.RequiredChecks, set.MinApprovals,
                            set.GeneratedChangesNeedHumanReview, true, result.Version, false, set.SetBy, set.Reason, null));
                    },
                };
                return await writer.Execute(command, ct);
            })
            .RequireAuthorization(Permissions.Administer)
            .WithName("SetPolicy").WithSummary("Set a repository's release policy (ReleasePolicySet)")
            .Produces<ReleasePolicy>(StatusCodes.Status201Created).Produces<ReleasePolicy>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
