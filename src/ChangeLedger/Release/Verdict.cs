using System.Text.Json.Serialization;
using System.Security.Cryptography;
using System.Text.Json;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>
/// The gate: a pure function of the change, its evidence and the policy in force. It lists every rule with
/// its result and the events it relied on, so a reader learns why, not just "no".
/// </summary>
public static class Verdict
{
    public const string StatusRule = "status-allows-release";
    public const string NotYetReleasedRule = "not-already-released";
    public const string RequiredCheckRule = "required-check";
    public const string ApprovalsRule = "min-approvals";
    public const string HumanReviewRule = "generated-change-human-review";
    public const string HoldsRule = "no-open-holds";
    public const string PromotionRule = "promotion-order";
    public const string ScopeRule = "within-declared-scope";
    public const string IncidentRule = "no-open-incident";

    /// <summary>Rules an override cannot set aside: a closed change, or a repeat release to the same environment.</summary>
    public static readonly IReadOnlySet<string> NotOverridable = new HashSet<string> { StatusRule, NotYetReleasedRule };

    private static readonly JsonSerializerOptions DigestJson = LedgerJson.Create();

    public static ReleaseVerdict Evaluate(Change change, Evidence evidence, ReleasePolicy policy, string environment, DateTimeOffset now,
        IReadOnlyList<IncidentRecord>? openIncidents = null, CodeOwnersInForce? codeOwners = null, IReadOnlyList<Policies.FreezeWindow>? freezeWindows = null)
    {
        codeOwners ??= CodeOwnersInForce.None;
        // The criteria are inputs only where the rule reads them: a verdict without it digests what it always did.
        var digest = Digest(change, policy.CriteriaCovered is null ? evidence with { Criteria = null } : evidence, policy, environment, codeOwners);
        evidence = CarryOver.Apply(evidence, policy);
        var reviews = Reviews.Counting(change, evidence, policy.RequireVerifiedReviewers == true);
        var rulesFor = policy.For(environment);
        List<VerdictRule> rules =
        [
            StatusAllowsRelease(change),
            NotAlreadyReleased(change, environment),
            .. PromotionOrder(change, rulesFor),
            .. RequiredChecks(evidence, policy, rulesFor),
            Approvals(reviews, policy, rulesFor),
            HumanReview(change, reviews, policy),
            .. WithinDeclaredScope(change, evidence, policy),
            NoOpenHolds(change, now),
            .. NoOpenIncident(change, environment, openIncidents ?? []),
            .. AttestationVerdict.Rules(evidence, policy),
            .. CriteriaCovered.Rules(change, evidence, policy),
            .. ValidationFirstRule.Rules(change, evidence, policy),
            .. WithinSizeBudget.Rules(change, evidence, policy),
            .. CodeOwnersApproved.Rules(change, evidence, policy, codeOwners),
            .. Rules.OutsideFreezeWindow.Rules(freezeWindows ?? [], change.Repository, environment, now),
        ];
        return new ReleaseVerdict(change.Id, environment, rules.All(r => r.Passed), policy.Repository, policy.Version, now, change.Version, digest, rules);
    }

    private static VerdictRule StatusAllowsRelease(Change change) =>
        ChangeStateMachine.CanRelease(change.Status)
            ? new(StatusRule, true, $"Status {Wire.Status(change.Status)} allows release.", [])
            : new(StatusRule, false, $"Status {Wire.Status(change.Status)}: a rejected, split or withdrawn change is never released.", []);

    private static VerdictRule NotAlreadyReleased(Change change, string environment) =>
        change.ReleasedEnvironments.Contains(environment)
            ? new(NotYetReleasedRule, false, $"Already released to {environment}.", [])
            : new(NotYetReleasedRule, true, $"Not yet released to {environment}.", []);

    /// <summary>One rule per environment the policy says must come first. A released change is never revised, so its head is the one released there.</summary>
    private static IEnumerable<VerdictRule> PromotionOrder(Change change, EnvironmentPolicy? rulesFor) =>
        (rulesFor?.ReleasedFirstTo ?? []).Select(first => change.ReleasedEnvironments.Contains(first)
            ? new VerdictRule($"{PromotionRule}:{first}", true, $"{first} released head {change.HeadCommit} before {rulesFor!.Name}.", [])
            : new VerdictRule($"{PromotionRule}:{first}", false, $"{rulesFor!.Name} only after {first} released the same head; {first} has not released {change.HeadCommit}.", []));

    private static IEnumerable<VerdictRule> RequiredChecks(Evidence evidence, ReleasePolicy policy, EnvironmentPolicy? rulesFor)
    {
        var required = policy.RequiredChecks.Concat(rulesFor?.RequiredChecks ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (required.Count == 0)
        {
            yield return new(RequiredCheckRule, true, "The policy requires no checks.", []);
            yield break;
        }
        foreach (var check in required)
        {
            var name = $"{RequiredCheckRule}:{check}";
            var runs = evidence.Checks.FirstOrDefault(c => c.Check == check);
            var latest = runs?.LatestOnHead;
            if (latest is null)
            {
                var stale = runs?.StaleRuns.LastOrDefault();
                yield return new(name, false, stale is null
                        ? $"No run of {check} is recorded on head {evidence.HeadCommit}."
                        : $"No run of {check} on head {evidence.HeadCommit}; the last run (on {stale.Commit}, {Wire.Snake(stale.Outcome)}) is stale.",
                    stale is null ? [] : [Ref(stale)]);
            }
            else if (latest.Outcome == ValidationOutcome.Passed)
                yield return new(name, true, $"{check} passed on head {evidence.HeadCommit}{Carried(latest.CarriedOver)}.", [Ref(latest)]);
            else
                yield return new(name, false, $"The latest run of {check} on head {evidence.HeadCommit} {Wire.Snake(latest.Outcome)}.", [Ref(latest)]);
        }
    }

    private static VerdictRule Approvals(Reviews reviews, ReleasePolicy policy, EnvironmentPolicy? rulesFor)
    {
        var count = reviews.Approvals.Count;
        var (required, whose) = rulesFor?.MinApprovals is { } forEnvironment ? (forEnvironment, $"the policy for {rulesFor.Name}") : (policy.MinApprovals, "the policy");
        var detail = $"{count} independent approval(s) on the head commit; {whose} requires {required}.{reviews.Explanation}";
        return new(ApprovalsRule, count >= required, detail,
            [.. reviews.Approvals.Select(ReviewRef), .. reviews.Excluded.Select(x => ReviewRef(x.Review) with { Detail = x.Why })]);
    }

    private static VerdictRule HumanReview(Change change, Reviews reviews, ReleasePolicy policy)
    {
        if (change.Origin.Kind != OriginKind.Generated)
            return new(HumanReviewRule, true, "A human-written change; no extra review rule applies.", []);
        if (!policy.GeneratedChangesNeedHumanReview)
            return new(HumanReviewRule, true, "The policy does not require a human review of generated changes.", []);
        return reviews.Approvals.Count > 0
            ? new(HumanReviewRule, true, $"Generated by {change.Origin.Tool}; accepted by independent human {reviews.Approvals[0].Reviewer}.", [ReviewRef(reviews.Approvals[0])])
            : new(HumanReviewRule, false, $"Generated by {change.Origin.Tool}: it needs an accepted review by an independent human on the head commit.{reviews.Explanation}",
                [.. reviews.Excluded.Select(x => ReviewRef(x.Review) with { Detail = x.Why })]);
    }

    /// <summary>Only where the policy asks: a generated change proves it stayed inside its declared scope on the head commit.</summary>
    private static IEnumerable<VerdictRule> WithinDeclaredScope(Change change, Evidence evidence, ReleasePolicy policy)
    {
        if (!policy.WithinDeclaredScope) yield break;
        var compliance = evidence.ScopeCompliance;
        var recorded = compliance?.Version == 1 ? "change_proposed" : "change_revised";
        if (change.Origin.Kind != OriginKind.Generated)
            yield return new(ScopeRule, true, "A human-written change; the scope rule applies to generated changes.", []);
        else if (compliance is null || compliance.Commit != change.HeadCommit)
            yield return new(ScopeRule, false, $"Generated by {change.Origin.Tool}: no changed paths are recorded for head {change.HeadCommit}, so staying inside the declared scope is not shown.", []);
        else if (compliance.OutsideScope.Count > 0)
            yield return new(ScopeRule, false,
                $"Generated by {change.Origin.Tool}: head {change.HeadCommit} changed {compliance.OutsideScope.Count} path(s) outside the declared scope: {string.Join(", ", compliance.OutsideScope)}.",
                [new EventRef(compliance.Version, recorded, string.Join(", ", compliance.OutsideScope))]);
        else
            yield return new(ScopeRule, true, $"All {compliance.ChangedPaths.Count} changed path(s) of head {change.HeadCommit} are inside the declared scope.",
                [new EventRef(compliance.Version, recorded, $"{compliance.ChangedPaths.Count} changed path(s)")]);
    }

    private static VerdictRule NoOpenHolds(Change change, DateTimeOffset now)
    {
        var blocking = change.HoldsInForceAt(now).ToList();
        var expired = change.OpenHolds.Except(blocking).ToList();
        var expiredNote = expired.Count == 0 ? "" : $" {expired.Count} hold(s) expired and no longer block: {string.Join(", ", expired.Select(h => h.HoldId))}.";
        return blocking.Count == 0
            ? new(HoldsRule, true, "No hold is in force." + expiredNote, [])
            : new(HoldsRule, false,
                string.Join(" ", blocking.Select(h => $"Hold {h.HoldId} ({Wire.Snake(h.Kind)}): {h.Reason}.")) + expiredNote,
                [.. blocking.Select(h => new EventRef(h.PlacedVersion, "hold_placed", h.HoldId))]);
    }

    /// <summary>Only while an incident is open: none goes out to an environment with an open incident for its repository.</summary>
    private static IEnumerable<VerdictRule> NoOpenIncident(Change change, string environment, IReadOnlyList<IncidentRecord> open)
    {
        if (open.Count == 0) yield break;
        yield return new(IncidentRule, false,
            $"{open.Count} incident(s) open in {environment} for {change.Repository}: " +
            string.Join("; ", open.Select(i => $"{i.IncidentId}{(i.Service is null ? "" : $" ({i.Service})")}: {i.Description ?? "no description"}")) + ".",
            [.. open.Select(i => new EventRef(i.Version, "incident_detected", i.IncidentId))]);
    }

    private static EventRef Ref(ValidationRun run) => new(run.Version, "validation_recorded", $"{run.Check} {Wire.Snake(run.Outcome)} on {run.Commit}{Carried(run.CarriedOver)}");

    private static string Carried(string? carriedOver) => carriedOver is null ? "" : $" ({carriedOver})";

    internal static EventRef ReviewRef(ReviewRecord review) =>
        new(review.Version, "review_decided", $"{review.Reviewer} {Wire.Snake(review.Decision)} on {review.Commit}{Carried(review.CarriedOver)}" + review.Assurance switch
        {
            DecideReview.Verified => $" (verified: {review.VerifiedAs})",
            DecideReview.Asserted => " (asserted)",
            _ => "",
        }, review.Assurance);

    /// <summary>
    /// SHA-256 over everything the verdict read, so a recorded verdict can be tied to its exact inputs. The code owners
    /// are read only when the policy asks for their approval, and only then digested: every other verdict's digest is what it was.
    /// </summary>
    private static string Digest(Change change, Evidence evidence, ReleasePolicy policy, string environment, CodeOwnersInForce codeOwners) =>
        Convert.ToHexStringLower(SHA256.HashData(policy.CodeOwnersApproved
            ? JsonSerializer.SerializeToUtf8Bytes(new
            {
                change = DigestedChange.Of(change), evidence, policy, environment,
                codeOwners = new { file = codeOwners.Owners?.Digest, version = codeOwners.Owners?.Version, teams = codeOwners.Teams?.Teams, teamsVersion = codeOwners.Teams?.Version },
            }, DigestJson)
            : JsonSerializer.SerializeToUtf8Bytes(new { change = DigestedChange.Of(change), evidence, policy, environment }, DigestJson)));

    /// <summary>
    /// The change's facts a verdict reads, in the shape verdicts have always digested: the digest names the inputs, so
    /// it must not move when the document that holds them is laid out differently.
    /// </summary>
    private sealed record DigestedChange(string Id, ChangeStatus Status, string Repository, string Owner, string SubmittedBy, Origin Origin, string HeadCommit,
        IReadOnlyList<DigestedHold> OpenHolds, IReadOnlyList<string> LiftedHoldIds, IReadOnlyList<string> ReleasedEnvironments, long Version)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? ProposedAs { get; init; }

        public static DigestedChange Of(Change c) =>
            new(c.Id, c.Status, c.Repository, c.Owner, c.SubmittedBy, c.Origin, c.HeadCommit,
                [.. c.OpenHolds.Select(h => new DigestedHold(h.HoldId, h.Kind, h.Reason, h.ExpiresAt, h.PlacedVersion))], [.. c.LiftedHoldIds],
                [.. c.ReleasedEnvironments], c.Version) { ProposedAs = c.ProposedAs };
    }

    private sealed record DigestedHold(string HoldId, HoldKind Kind, string Reason, DateTimeOffset? ExpiresAt, long PlacedVersion);
}
