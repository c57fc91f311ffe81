using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Policies;
using Marten;

namespace ChangeLedger.Release;

/// <summary>
/// POST /v1/changes/{id}/releases — ask the gate and keep its answer. The verdict is always recorded; the
/// release follows when it is ready, or when an override with a written justification sets the policy aside.
/// </summary>
public sealed record ReleaseChange(string ChangeId, string Environment, string Version, string ReleasedBy, ReleaseOverride? Override = null,
    IReadOnlyList<Artifact>? Artifacts = null) : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<ReleaseChangeRequest>("change_released", "release", Permissions.Ship, Validate,
        (id, _, r) => new ReleaseChange(id, r.Environment!, r.Version!, r.ReleasedBy!,
            r.Override is { } o ? new ReleaseOverride(o.By ?? r.ReleasedBy!, o.Justification!) : null,
            r.Artifacts is null ? null : [.. r.Artifacts.Select(a => new Artifact(a.Name, a.Digest!))]), Reads.Policy | Reads.Incidents | Reads.CodeOwners | Reads.FreezeWindows);

    public override WriteKind Kind => Spec;

    /// <summary>
    /// Set when the deployment already happened (a CDEvent service.deployed, upgraded or rolledback): a fact, not a
    /// request. The verdict is still recorded, and a release the gate would have refused is recorded as released
    /// outside the gate, with the verdict it failed.
    /// </summary>
    public Reported? AlreadyDeployed { get; init; }

    public sealed record Reported(bool RollBack);

    public static Validation Validate(ReleaseChangeRequest r)
    {
        var v = Validation.ForWrite(r)
            .Required("environment", r.Environment, 100)
            .Required("version", r.Version)
            .Required("releasedBy", r.ReleasedBy);
        if (r.Override is { } o)
            v.Optional("override.by", o.By).Required("override.justification", o.Justification, Validation.Text);
        return v.Artifacts("artifacts", r.Artifacts);
    }

    /// <summary>The verdict on the change as it stands; <paramref name="openIncidents"/> are those open in its repository, in any environment.</summary>
    public static Decision Decide(Change? change, Evidence evidence, ReleasePolicy policy, ReleaseChange c, DateTimeOffset now,
        IReadOnlyList<IncidentRecord>? openIncidents = null, CodeOwnersInForce? codeOwners = null, IReadOnlyList<FreezeWindow>? freezeWindows = null)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        // Asking the gate again for what already runs there (released outside this pipeline, by hand or by another job)
        // would only record a NOT READY verdict that reads as a refusal: the release stands, so nothing is recorded.
        // A deployment reported as a fact (a CDEvent) is still recorded: it says something ran again.
        if (c.AlreadyDeployed is null && change!.ReleaseRecord.Releases.FirstOrDefault(r => r.Environment == c.Environment) is { } earlier)
            return AlreadyReleased(change.Id, earlier);
        var occurredAt = c.At(now);
        var verdict = Verdict.Evaluate(change!, evidence, policy, c.Environment, now,
            [.. (openIncidents ?? []).Where(i => i.Environment == c.Environment)], codeOwners, freezeWindows);
        var recorded = new ReleaseVerdictRecorded(change!.Id, verdict, c.ReleasedBy, occurredAt);
        var verdictVersion = change.Version + 1;

        if (c.AlreadyDeployed is { } reported)
            return Decision.Of(recorded, Released(change, c, verdictVersion, null, occurredAt) with
            {
                ReleasedOutsideGate = verdict.Ready ? null : true,
                RollBack = reported.RollBack ? true : null,
            });
        if (verdict.Ready)
            return Decision.Of(recorded, Released(change, c, verdictVersion, null, occurredAt));

        var overridable = verdict.Rules.Where(rule => !rule.Passed).All(rule => !Verdict.NotOverridable.Contains(rule.Rule));
        if (c.Override is { } o && overridable)
            return Decision.Of(recorded, Released(change, c, verdictVersion, o, occurredAt));

        return Decision.Of(recorded);
    }

    private static Problem AlreadyReleased(string changeId, Contracts.Release earlier) =>
        Problem.Conflict("already-released", "Already released to this environment",
            $"Change '{changeId}' was released to {earlier.Environment} as {earlier.Version} by {earlier.ReleasedBy} at {earlier.OccurredAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} " +
            $"(version {earlier.EventVersion}); a change is released to an environment once, so nothing was recorded. A re-run of the job " +
            "that released it replays with its eventId; new code is a new change or a revision.");

    /// <summary>The release names what it shipped and from where: the repository and head commit, for the environment and artifact views.</summary>
    private static ChangeReleased Released(Change change, ReleaseChange c, long verdictVersion, ReleaseOverride? o, DateTimeOffset occurredAt) =>
        new(change.Id, c.Environment, c.Version, c.ReleasedBy, verdictVersion, o, occurredAt, change.Repository, change.HeadCommit, c.Artifacts ?? []);

    /// <summary>
    /// The locked change already holds this transaction's earlier commands (even the proposal), so its evidence is
    /// current. Overriding the gate needs a role of its own; the verdict is answered 201 when released, else 409.
    /// </summary>
    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now)
    {
        if (Override is not null && !inputs.Caller.HasRole(Roles.Override))
            return new Problem(403, "override-not-allowed", "This key may not override the gate",
                $"Key {inputs.Caller.KeyId} lacks the 'override' role; nothing was recorded. Release without an override, or ask someone entitled to override.");
        if (inputs.Change is not { } change) return Guards.Exists(null, ChangeId)!;
        var decision = Decide(change, change.Evidence, inputs.Policy ?? throw new InvalidOperationException("A release reads the policy: its kind declares Reads.Policy."), this, now, inputs.OpenIncidents, inputs.CodeOwners, inputs.FreezeWindows);
        if (decision.Problem is not null) return decision;
        var verdict = decision.Events.OfType<ReleaseVerdictRecorded>().Single().Verdict;
        var released = decision.Events.OfType<ChangeReleased>().SingleOrDefault();
        return decision with
        {
            Answer = (released is null ? StatusCodes.Status409Conflict : StatusCodes.Status201Created,
                new ReleaseOutcome(ChangeId, released is not null, change.Version + decision.Events.Count, verdict, released?.Override,
                    ReleasedOutsideGate: released?.ReleasedOutsideGate)),
        };
    }

    public static async Task<(Evidence, ReleasePolicy)> Inputs(IQuerySession session, Change change, CancellationToken ct) =>
        (change.Evidence, await GetPolicy.InForce(session, change.Repository, null, ct));

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/releases", (string changeId, ReleaseChangeRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("ReleaseChange", "Ask the gate and record the verdict; release when ready or overridden", Permissions.Ship)
            .Produces<ReleaseOutcome>(StatusCodes.Status201Created)
            .Produces<ReleaseOutcome>(StatusCodes.Status409Conflict);
}
