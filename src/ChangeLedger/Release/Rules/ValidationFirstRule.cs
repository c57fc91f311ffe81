using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>
/// Red before green, where the policy asks for it: a validation_first attestation shows the head's test files failed on
/// the base and pass on the head. Only a proof about the current head counts (or, where the policy carries evidence
/// over a rebase, about an earlier head with the same patch-id): a revision makes the old proof stale like any check.
/// With test cases from JUnit reports, at least one of them went from failed to passed.
/// </summary>
public static class ValidationFirstRule
{
    public const string Name = "validation-first";

    public static IEnumerable<VerdictRule> Rules(Change change, Evidence evidence, ReleasePolicy policy)
    {
        if (policy.ValidationFirst is not { } applies) yield break;
        if (applies == ValidationFirstFor.Generated && change.Origin.Kind != OriginKind.Generated)
        {
            yield return new(Name, true, "A human-written change; the policy asks generated changes to prove their tests failed first.", []);
            yield break;
        }
        var carried = policy.CarryOverOnSamePatchId ? evidence.SamePatchIdCommits ?? [] : [];
        var proofs = (evidence.Attestations ?? [])
            .Where(a => a.Kind == AttestationType.ValidationFirst && a.Commit is { } c && (c == evidence.HeadCommit || carried.Contains(c)))
            .ToList();
        var proving = proofs.LastOrDefault(a => Proves(a.ValidationFirst));
        if (proving is not null)
        {
            var from = proving.Commit == evidence.HeadCommit ? "" : $" (carried over from {proving.Commit}, same patch-id)";
            yield return new(Name, true, $"{Describe(proving)} on head {evidence.HeadCommit}{from}.", [Ref(proving)]);
        }
        else if (proofs.Count > 0)
            yield return new(Name, false, $"No proof of red before green on head {evidence.HeadCommit}: {string.Join("; ", proofs.Select(Describe))}.", [.. proofs.Select(Ref)]);
        else
        {
            var stale = (evidence.Attestations ?? []).LastOrDefault(a => a.Kind == AttestationType.ValidationFirst);
            yield return new(Name, false, stale is null
                    ? $"No validation-first proof is attested on head {evidence.HeadCommit}: nothing shows its tests failed before the change."
                    : $"No validation-first proof on head {evidence.HeadCommit}; the last one (on {stale.Commit}) is stale.",
                stale is null ? [] : [Ref(stale)]);
        }
    }

    /// <summary>Failed on the base, passed on the head, and, where test cases were compared, at least one went red to green.</summary>
    public static bool Proves(ValidationFirstSummary? s) =>
        s is { Base.Outcome: ValidationOutcome.Failed, Head.Outcome: ValidationOutcome.Passed } && s.TestCases is null or { Count: > 0 };

    private static string Describe(AttestationRecord a)
    {
        var s = a.ValidationFirst;
        var name = a.Name is null ? "validation_first" : $"validation_first {a.Name}";
        var runs = $"{Outcome(s?.Base)} on base {s?.Base?.Commit}, {Outcome(s?.Head)} on head";
        var files = $"{s?.TestFiles?.Count ?? 0} test file(s)";
        var cases = s?.TestCases is { } tc ? $", {tc.Count} test case(s) red to green" + (tc.Count == 0 ? "" : $" ({string.Join(", ", tc.Take(5))}{(tc.Count > 5 ? ", …" : "")})") : "";
        return $"{name}: {runs}, {files}{cases}";
    }

    private static string Outcome(ValidationFirstRun? run) => run?.Outcome is { } o ? Wire.Snake(o) : "no run";

    private static EventRef Ref(AttestationRecord a) =>
        new(a.Version, "attestation_recorded", $"validation_first{(a.Name is null ? "" : " " + a.Name)} on {a.Commit} {a.ContentDigest}");
}
