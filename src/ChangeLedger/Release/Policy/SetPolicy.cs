using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;
using Wolverine;

namespace ChangeLedger.Policies;

/// <summary>PUT /v1/repositories/{repository}/policy — set the release policy; each change is a new version.</summary>
public sealed record SetPolicy(string Repository, PolicyRules Rules, string SetBy, string? Reason, WriteOptions Write, Caller Caller) : IStreamWrite<RepositoryPolicy>
{
    public const int MaxApprovals = 20;
    public const string Operation = "set-policy";

    /// <summary>Every write to a repository's policy: each version a resource of its own (201), folded by the policy's projection.</summary>
    public static readonly StreamKind<RepositoryPolicy> Writes = new(Operation, "policy", new RepositoryPolicyProjection(), eachVersionIsNew: true);

    StreamKind<RepositoryPolicy> IStreamWrite<RepositoryPolicy>.Kind => Writes;
    public string StreamKey => RepositoryPolicy.StreamKey(Repository);
    IReadOnlyList<string> IStreamWrite<RepositoryPolicy>.Reaches => [Repository];
    public Problem Unknown => OutOfScope(Repository);
    string? IStreamWrite<RepositoryPolicy>.Location => $"/v1/repositories/{Uri.EscapeDataString(Repository)}/policy";
    public object Answer(RepositoryPolicy policy) => policy.ToContract();

    public static Validation Validate(SetPolicyRequest r) =>
        Validation.ForWrite(r)
            .Rule(r.RequiredChecks is not null, "requiredChecks", "'requiredChecks' is required (an empty list requires no checks).")
            .List("requiredChecks", r.RequiredChecks, Validation.Name)
            .Required("minApprovals", r.MinApprovals)
            .Rule(r.MinApprovals is null or (>= 0 and <= MaxApprovals), "minApprovals", $"'minApprovals' is between 0 and {MaxApprovals}.")
            .Required("setBy", r.SetBy)
            .Optional("reason", r.Reason, Validation.Text)
            .Rule(r.HoldsBlockRelease is null or true, "holdsBlockRelease", "Open holds always block release; this cannot be switched off.")
            .Environments(r.Environments)
            .Rule(r.Attestations?.MinCoverage is null or (>= 0 and <= 100), "attestations.minCoverage", "'attestations.minCoverage' is a percent between 0 and 100.");

    public static Validation ValidateRepository(string repository) =>
        new Validation()
            .Required("repository", repository, 300)
            .Rule(!repository.Any(char.IsWhiteSpace), "repository", "A repository name has no white space.");

    /// <summary>
    /// A new version of the rules, or nothing when they are already in force: the same PUT again answers the policy as
    /// it stands (200), which makes PUT idempotent even when ten identical ones race to create the stream (the losers of
    /// that race are retried by Wolverine's policy and then find it in force).
    /// </summary>
    public Decision Decide(RepositoryPolicy? current, DateTimeOffset now) =>
        current is not null && current.SameAs(Rules)
            ? Decision.Of()
            : Decision.Of(new ReleasePolicyRulesSet(Repository, Rules, SetBy, Reason, Write.OccurredAt ?? now));

    /// <summary>The rules a request sets: what it leaves out is off, and a generated change needs a person unless it says not.</summary>
    public static PolicyRules RulesOf(SetPolicyRequest body) => new PolicyRules
    {
        RequiredChecks = body.RequiredChecks!,
        MinApprovals = body.MinApprovals!.Value,
        GeneratedChangesNeedHumanReview = body.GeneratedChangesNeedHumanReview ?? true,
        Environments = EnvironmentRules.From(body.Environments),
        CarryOverOnSamePatchId = body.CarryOverOnSamePatchId ?? false,
        WithinDeclaredScope = body.WithinDeclaredScope ?? false,
        RequireVerifiedReviewers = body.RequireVerifiedReviewers,
        Attestations = body.Attestations,
    }.Normalized();

    public static Problem OutOfScope(string repository) =>
        new(404, "unknown-repository", "Unknown repository", $"No repository '{repository}' is visible to this key.");

    /// <summary>Routing leaves an encoded slash (%2F) encoded; the repository is the decoded name.</summary>
    public static string RepositoryOf(string routeValue) => Uri.UnescapeDataString(routeValue);

    public static void Map(RouteGroupBuilder repositories) =>
        repositories.MapPut("/{repository}/policy", async (string repository, SetPolicyRequest body, IMessageBus bus, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
            {
                repository = RepositoryOf(repository);
                if (ValidateRepository(repository) is { IsValid: false } badRepo) return Problems.Result(badRepo.ToProblem());
                if (Validate(body) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                var command = new SetPolicy(repository, RulesOf(body), body.SetBy!, body.Reason,
                    new WriteOptions(body.EventId, body.ExpectedVersion, body.OccurredAt, Receipts.ContentHash(Operation, RepositoryPolicy.StreamKey(repository), body)), Caller.Of(user));
                return (await bus.InvokeAsync<WriteOutcome>(command, CancellationToken.None)).ToResult();
            })
            .RequireAuthorization(Permissions.Administer)
            .WithName("SetPolicy").WithSummary("Set a repository's release policy (ReleasePolicyRulesSet)")
            .Produces<ReleasePolicy>(StatusCodes.Status201Created).Produces<ReleasePolicy>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}

/// <summary>Sets a policy through the one stream-write path: locked, scoped, receipted, at the version the client expects.</summary>
public static class SetPolicyHandler
{
    public static Task<WriteOutcome> Handle(SetPolicy command, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        StreamWrites.Run(command, session, clock, ct);
}
