using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;

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

    public static Decision Decide(RepositoryPolicy? current, string repository, SetPolicyRequest r, DateTimeOffset now)
    {
        var checks = r.RequiredChecks!.Distinct(StringComparer.Ordinal).ToList();
        var needsHuman = r.GeneratedChangesNeedHumanReview ?? true;
        if (current is not null && current.RequiredChecks.SequenceEqual(checks) && current.MinApprovals == r.MinApprovals
            && current.GeneratedChangesNeedHumanReview == needsHuman)
            return Problem.Conflict("policy-unchanged", "The policy is already in force",
                $"Repository '{repository}' already has this policy (version {current.Version}); nothing was recorded.");
        return Decision.Of(new ReleasePolicySet(repository, checks, r.MinApprovals!.Value, needsHuman, r.SetBy!, r.Reason, r.OccurredAt ?? now));
    }

    public static Validation ValidateRepository(string repository) =>
        new Validation()
            .Required("repository", repository, 300)
            .Rule(!repository.Any(char.IsWhiteSpace), "repository", "A repository name has no white space.");

    public static void Map(RouteGroupBuilder repositories) =>
        repositories.MapPut("/{repository}/policy", (string repository, SetPolicyRequest body, LedgerWriter writer, CancellationToken ct) =>
            {
                // Routing leaves %2F encoded in a route value; the policy must be keyed by the name changes carry.
                repository = Uri.UnescapeDataString(repository);
                if (ValidateRepository(repository) is { IsValid: false } badRepo) return Task.FromResult(Problems.Result(badRepo.ToProblem()));
                if (Validate(body) is { IsValid: false } invalid) return Task.FromResult(Problems.Result(invalid.ToProblem()));
                var key = RepositoryPolicy.StreamKey(repository);
                var command = new WriteCommand<RepositoryPolicy>(key, "set-policy", body, (current, now) => Decide(current, repository, body, now))
                {
                    Location = $"/v1/repositories/{Uri.EscapeDataString(repository)}/policy",
                    Respond = (result, events) =>
                    {
                        var set = events.OfType<ReleasePolicySet>().Single();
                        return (StatusCodes.Status201Created, new ReleasePolicy(repository, set.RequiredChecks, set.MinApprovals,
                            set.GeneratedChangesNeedHumanReview, true, result.Version, false, set.SetBy, set.Reason, null));
                    },
                };
                return writer.Execute(command, ct);
            })
            .WithName("SetPolicy").WithSummary("Set a repository's release policy (ReleasePolicySet)")
            .Produces<ReleasePolicy>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
