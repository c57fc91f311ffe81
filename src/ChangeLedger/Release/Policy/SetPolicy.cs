using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;
using Wolverine;

namespace ChangeLedger.Policies;

/// <summary>PUT /v1/repositories/{repository}/policy — set the release policy; each change is a new version.</summary>
public sealed record SetPolicy(string Repository, PolicyRules Rules, string SetBy, string? Reason, WriteOptions Write, Caller Caller)
{
    public const int MaxApprovals = 20;
    public const string Operation = "set-policy";

    public string StreamKey => RepositoryPolicy.StreamKey(Repository);

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

    /// <summary>True when the command would change nothing about the policy in force.</summary>
    public bool Unchanged(RepositoryPolicy? current) => current is not null && current.SameAs(Rules);

    public static Decision Decide(RepositoryPolicy? current, SetPolicy c, DateTimeOffset now) =>
        c.Unchanged(current)
            ? Problem.Conflict("policy-unchanged", "The policy is already in force",
                $"Repository '{c.Repository}' already has this policy (version {current!.Version}); nothing was recorded.")
            : Decision.Of(new ReleasePolicyRulesSet(c.Repository, c.Rules, c.SetBy, c.Reason, c.Write.OccurredAt ?? now));

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
        CodeOwnersApproved = body.CodeOwnersApproved ?? false,
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

/// <summary>
/// Sets a policy. The policy stream is locked while deciding, so concurrent PUTs queue; a PUT of the policy already in
/// force answers 200 with it and records nothing, which makes PUT idempotent even when ten identical ones race to
/// create the stream (the losers of that race are retried by Wolverine's policy and then find it in force).
/// </summary>
public static class SetPolicyHandler
{
    public static async Task<WriteOutcome> Handle(SetPolicy command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (!command.Caller.Scope.Matches(command.Repository)) return WriteOutcome.Refused(SetPolicy.OutOfScope(command.Repository));
        command.Caller.ActFor(session);

        await StreamLocks.Take(session, [command.StreamKey], ct);
        var batch = session.CreateBatchQuery();
        var fetch = batch.Events.FetchForExclusiveWriting<RepositoryPolicy>(command.StreamKey);
        var receiptQuery = command.Write.EventId is { } eventId ? batch.Load<IngestionReceipt>(eventId) : null;
        await batch.Execute(ct);
        var stream = await fetch;
        var current = stream.Aggregate;
        var version = stream.StartingVersion ?? 0;

        if (command.Unchanged(current) && (command.Write.ExpectedVersion is null || command.Write.ExpectedVersion == current!.Version))
            return new WriteOutcome(StatusCodes.Status200OK, current!.ToContract());
        if (receiptQuery is not null && await receiptQuery is { } receipt) return Receipts.Replay(receipt, command.Write.ContentHash, command.StreamKey);
        if (command.Write.ExpectedVersion is { } expected && expected != version)
            return WriteOutcome.Refused(Problem.Conflict("version-mismatch", "The policy has moved on",
                $"Expected the policy of '{command.Repository}' at version {expected}, but it is at version {version}. Read it again and decide on the current state."));

        var now = clock.GetUtcNow();
        var decision = SetPolicy.Decide(current, command, now);
        if (decision.Problem is { } problem) return WriteOutcome.Refused(problem);
        stream.AppendMany(decision.Events);
        // The answer (and its receipt) is written before SaveChanges would stamp the event, so the event is stamped
        // here, by the clock the store stamps with (LedgerStorage), and the answer carries the recordedAt a later GET
        // reads from the projection.
        var recordedAt = new LedgerClock(clock).GetUtcNow();
        foreach (var e in session.PendingChanges.Streams().Single().Events)
        {
            e.Timestamp = recordedAt;
            if (command.Write.EventId is { } requestId) e.SetHeader(RecordChangesHandler.EventIdHeader, requestId);
        }
        var body = RepositoryPolicy.After(decision.Events.OfType<ReleasePolicyRulesSet>().Single(), command.StreamKey, version + 1, recordedAt).ToContract();
        if (command.Write.EventId is { } id)
            session.Insert(new IngestionReceipt(id, command.StreamKey, SetPolicy.Operation, command.Write.ContentHash, StatusCodes.Status201Created,
                System.Text.Json.JsonSerializer.Serialize(body, Receipts.Json), version + 1, now));
        return new WriteOutcome(StatusCodes.Status201Created, body, $"/v1/repositories/{Uri.EscapeDataString(command.Repository)}/policy", decision.Events);
    }
}
