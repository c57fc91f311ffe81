using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>
/// Rule criteria-covered, where the policy asks: each acceptance criterion the change has now is covered on the head
/// commit (or a commit of the same patch-id, where the policy carries evidence over) by evidence that names it and
/// passed, recorded after the criterion's current wording: the latest run of a check that passed, the latest
/// attestation of its type and name that passes (a test report without failures or errors, a static analysis without
/// error findings, a security scan without critical or high findings, any other kind by being recorded), or, where the
/// policy says so, the acceptance of a verified, independent reviewer. The verdict names what covers each, or that nothing does.
/// </summary>
public static class CriteriaCovered
{
    public const string Rule = "criteria-covered";

    // The evidence is as the verdict reads it: carried over by patch-id where the policy says.
    public static IEnumerable<VerdictRule> Rules(Change change, Evidence evidence, ReleasePolicy policy)
    {
        if (policy.CriteriaCovered is not { } rule) yield break;
        var criteria = AcceptanceCriteria.Current(evidence).ToList();
        if (criteria.Count == 0)
        {
            yield return new(Rule, false, $"The change declares no acceptance criteria, so none is shown to be met on head {evidence.HeadCommit}.", []);
            yield break;
        }
        var claims = Claims(change, evidence, policy, rule).ToList();
        var lines = new List<string>();
        var refs = new List<EventRef>();
        foreach (var criterion in criteria)
        {
            var covering = claims.Where(c => c.Ids.Contains(criterion.Id) && c.Ref.Version > criterion.Version).ToList();
            lines.Add(covering.Count == 0 ? $"{criterion.Id} not covered" : $"{criterion.Id} covered by {string.Join(", ", covering.Select(c => c.Ref.Detail))}");
            refs.AddRange(covering.Select(c => c.Ref with { Detail = $"{criterion.Id}: {c.Ref.Detail}" }));
        }
        var uncovered = criteria.Count(c => !claims.Any(x => x.Ids.Contains(c.Id) && x.Ref.Version > c.Version));
        yield return new(Rule, uncovered == 0,
            $"{criteria.Count - uncovered} of {criteria.Count} acceptance criteria covered on head {evidence.HeadCommit}: {string.Join("; ", lines)}.", refs);
    }

    private sealed record Claim(IReadOnlyList<string> Ids, EventRef Ref);

    private static IEnumerable<Claim> Claims(Change change, Evidence evidence, ReleasePolicy policy, CriteriaPolicy rule)
    {
        foreach (var run in evidence.Checks.Select(c => c.LatestOnHead))
            if (run is { Outcome: ValidationOutcome.Passed, Criteria: { Count: > 0 } ids })
                yield return new(ids, new(run.Version, "validation_recorded", $"check {run.Check} passed on {run.Commit}{Carried(run.CarriedOverFrom)}"));

        var sameDiff = policy.CarryOverOnSamePatchId ? evidence.SamePatchIdCommits ?? [] : [];
        var onHead = (evidence.Attestations ?? []).Where(a => a.Commit == evidence.HeadCommit || a.Commit is not null && sameDiff.Contains(a.Commit));
        foreach (var a in onHead.GroupBy(a => (a.Kind, a.Name)).Select(g => g.MaxBy(a => a.Version)!))
            if (a.Criteria is { Count: > 0 } ids && Passes(a))
                yield return new(ids, new(a.Version, "attestation_recorded",
                    $"{Wire.Snake(a.Kind)}{(a.Name is null ? "" : " " + a.Name)} on {a.Commit}{Carried(a.Commit == evidence.HeadCommit ? null : a.Commit)}"));

        if (!rule.VerifiedReviewCounts) yield break;
        foreach (var review in Reviews.Counting(change, evidence, requireVerified: true).Approvals)
            if (review.Criteria is { Count: > 0 } ids)
                yield return new(ids, new(review.Version, "review_decided", $"{review.Reviewer}'s verified acceptance on {review.Commit}{Carried(review.CarriedOverFrom)}", review.Assurance));
    }

    private static bool Passes(AttestationRecord a) => a.Kind switch
    {
        AttestationType.TestReport => a.TestReport is { } t && (t.Failures ?? 0) + (t.Errors ?? 0) == 0,
        AttestationType.StaticAnalysis => a.StaticAnalysis is { } s && (s.Errors ?? 0) == 0,
        AttestationType.SecurityScan => a.SecurityScan is { } s && (s.Critical ?? 0) + (s.High ?? 0) == 0,
        _ => true,
    };

    private static string Carried(string? from) => from is null ? "" : $" (carried over from {from}, same patch-id)";
}
