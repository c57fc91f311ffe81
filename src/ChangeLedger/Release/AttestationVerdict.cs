using System.Globalization;
using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>
/// The policy's rules over attestations, each judged on the head commit only (an attestation on an earlier commit
/// proved something about code that is no longer the change) and naming the attestations it used. Of several
/// attestations of one type and name, the latest in ledger order counts, as with check runs.
/// </summary>
public static class AttestationVerdict
{
    public const string TestsPassRule = "tests-pass";
    public const string NoErrorFindingsRule = "no-error-findings";
    public const string SbomRule = "sbom-attached";
    public const string CoverageRule = "min-coverage";

    public static IEnumerable<VerdictRule> Rules(Evidence evidence, ReleasePolicy policy)
    {
        if (policy.Attestations is not { } rules) yield break;
        var onHead = (evidence.Attestations ?? []).Where(a => a.Commit == evidence.HeadCommit).ToList();
        if (rules.TestsPass) yield return TestsPass(Latest(onHead, AttestationType.TestReport), evidence.HeadCommit);
        if (rules.NoErrorFindings) yield return NoErrorFindings(Latest(onHead, AttestationType.StaticAnalysis), evidence.HeadCommit);
        if (rules.SbomAttached) yield return Sbom(Latest(onHead, AttestationType.Sbom), evidence.HeadCommit);
        if (rules.MinCoverage is { } min) yield return Coverage(onHead.LastOrDefault(a => a.Kind == AttestationType.Coverage), min, evidence.HeadCommit);
    }

    /// <summary>The latest attestation of each name of one type.</summary>
    private static List<AttestationRecord> Latest(IEnumerable<AttestationRecord> onHead, AttestationType type) =>
        [.. onHead.Where(a => a.Kind == type).GroupBy(a => a.Name ?? "").Select(g => g.MaxBy(a => a.Version)!).OrderBy(a => a.Version)];

    private static VerdictRule TestsPass(List<AttestationRecord> reports, string head)
    {
        if (reports.Count == 0) return new(TestsPassRule, false, $"No test report is attested on head {head}.", []);
        var failing = reports.Where(r => (r.TestReport?.Failures ?? 0) + (r.TestReport?.Errors ?? 0) > 0).ToList();
        return failing.Count == 0
            ? new(TestsPassRule, true, $"{string.Join("; ", reports.Select(Describe))}: no failures or errors on head {head}.", [.. reports.Select(Ref)])
            : new(TestsPassRule, false, $"{string.Join("; ", failing.Select(Describe))} on head {head}.", [.. failing.Select(Ref)]);

        static string Describe(AttestationRecord r) =>
            $"{Label(r)}: {r.TestReport?.Tests} tests, {r.TestReport?.Failures} failures, {r.TestReport?.Errors} errors";
    }

    private static VerdictRule NoErrorFindings(List<AttestationRecord> analyses, string head)
    {
        if (analyses.Count == 0) return new(NoErrorFindingsRule, false, $"No static analysis is attested on head {head}.", []);
        var failing = analyses.Where(a => (a.StaticAnalysis?.Errors ?? 0) > 0).ToList();
        return failing.Count == 0
            ? new(NoErrorFindingsRule, true, $"{string.Join("; ", analyses.Select(Describe))}: no error-level findings on head {head}.", [.. analyses.Select(Ref)])
            : new(NoErrorFindingsRule, false, $"{string.Join("; ", failing.Select(Describe))} on head {head}.", [.. failing.Select(Ref)]);

        static string Describe(AttestationRecord a)
        {
            var errors = (a.StaticAnalysis?.Rules ?? []).Where(r => r.Level == "error").Select(r => $"{r.RuleId} x{r.Count}").ToList();
            return $"{Label(a)} ({a.StaticAnalysis?.Tool}): {a.StaticAnalysis?.Errors} error-level findings" + (errors.Count == 0 ? "" : $" ({string.Join(", ", errors)})");
        }
    }

    private static VerdictRule Sbom(List<AttestationRecord> sboms, string head) =>
        sboms.Count == 0
            ? new(SbomRule, false, $"No SBOM is attested on head {head}.", [])
            : new(SbomRule, true, string.Join("; ", sboms.Select(s => $"{Label(s)}: {s.Sbom?.Format} {s.Sbom?.SpecVersion}, {s.Sbom?.Components} components")) + $" on head {head}.",
                [.. sboms.Select(Ref)]);

    private static VerdictRule Coverage(AttestationRecord? latest, double min, string head)
    {
        var required = min.ToString(CultureInfo.InvariantCulture);
        if (latest?.Coverage?.Percent is not { } percent) return new(CoverageRule, false, $"No coverage is attested on head {head}; the policy requires {required}%.", []);
        var text = percent.ToString(CultureInfo.InvariantCulture);
        return percent >= min
            ? new(CoverageRule, true, $"Coverage {text}% on head {head}; the policy requires {required}%.", [Ref(latest)])
            : new(CoverageRule, false, $"Coverage {text}% on head {head} is below the {required}% the policy requires.", [Ref(latest)]);
    }

    private static string Label(AttestationRecord a) => a.Name is null ? Wire.Snake(a.Kind) : $"{Wire.Snake(a.Kind)} {a.Name}";

    private static EventRef Ref(AttestationRecord a) => new(a.Version, "attestation_recorded", $"{Label(a)} {a.ContentDigest}");
}
