using ChangeLedger.Contracts;
using JasperFx.Events;

namespace ChangeLedger.Changes;

/// <summary>
/// The evidence slice. It keeps the latest run of each check on each commit: what a verdict, a reviewer or the grid
/// of checks × commits needs, bounded by the commits and checks a change has, not by how often a job re-ran (every
/// run stays in the events, paged by <c>GET …/evidence/runs</c>). A run, review or attestation made on any commit but the current head is stale: it proved something
/// about code that is no longer the change. "Latest" is ledger order (stream version), which every reader
/// and every rebuild agrees on. Which earlier heads share the head's patch-id is kept as a fact; whether their
/// evidence carries over is the policy's to say (Release/CarryOver.cs), never this projection's.
/// </summary>
public static class EvidenceView
{
    public static Evidence? Evolve(Evidence? ev, IEvent e) => (ev, e.Data) switch
    {
        (null, ChangeProposed p) => new Evidence(p.ChangeId, p.Repository, p.HeadCommit, [], [], e.Version, p.PatchId, null,
            Compliance(p.HeadCommit, p.ChangedPaths, p.OutsideScope, e.Version), Criteria: AcceptanceCriteria.Of(p, e.Version), Size: Sized(p.HeadCommit, p.Size, e.Version)),
        (null, _) => null,
        (_, AcceptanceCriteriaRevised r) => ev with { Criteria = AcceptanceCriteria.Apply(ev.Criteria, r, e.Version), Version = e.Version },
        (_, ChangeRevised r) => Restale(ev with
        {
            HeadCommit = r.HeadCommit,
            HeadPatchId = r.PatchId,
            SamePatchIdCommits = r.PatchId is not null && r.PatchId == ev.HeadPatchId
                ? [.. (ev.SamePatchIdCommits ?? []).Append(ev.HeadCommit).Where(c => c != r.HeadCommit).Distinct()]
                : null,
            ScopeCompliance = Compliance(r.HeadCommit, r.ChangedPaths, r.OutsideScope, e.Version) ?? ev.ScopeCompliance,
            Size = Sized(r.HeadCommit, r.Size, e.Version) ?? ev.Size,
            Version = e.Version,
        }),
        (_, ValidationRecorded v) => Restale(ev with
        {
            Checks = Upsert(ev.Checks, v.Check, new ValidationRun(v.Check, v.Commit, v.Outcome, v.Runner, v.Command, v.RunUrl,
                v.DurationMs, v.LogDigest, v.OccurredAt, e.Timestamp, e.Version, false, Criteria: v.Criteria)),
            Version = e.Version,
        }),
        (_, ReviewDecided r) => Restale(ev with
        {
            Reviews = [.. ev.Reviews, new ReviewRecord(r.Reviewer, r.Decision, r.Commit, r.Comment, r.OccurredAt, e.Timestamp, e.Version, false, Assurance: r.Assurance, VerifiedAs: r.VerifiedAs, Criteria: r.Criteria)],
            Version = e.Version,
        }),
        (_, AttestationRecorded a) => Restale(ev with
        {
            Attestations = [.. ev.Attestations ?? [], new AttestationRecord(a.Kind, a.Name, a.Commit, a.ArtifactDigest, a.ContentDigest, a.AttestedBy, a.Url,
                a.TestReport, a.StaticAnalysis, a.Sbom, a.Coverage, a.SecurityScan, a.Custom, a.OccurredAt, e.Timestamp, e.Version, false, a.SignedBy, a.Criteria,
                a.ValidationFirst)],
            Version = e.Version,
        }),
        _ => ev with { Version = e.Version },
    };

    private static ScopeCompliance? Compliance(string commit, IReadOnlyList<string>? changed, IReadOnlyList<string>? outside, long version) =>
        changed is null ? null : new ScopeCompliance(commit, changed, outside ?? [], version);

    private static RecordedSize? Sized(string commit, DiffSize? size, long version) => size is null ? null : new RecordedSize(commit, size, version);

    private static IReadOnlyList<CheckEvidence> Upsert(IReadOnlyList<CheckEvidence> checks, string check, ValidationRun run)
    {
        var existing = checks.FirstOrDefault(c => c.Check == check);
        return existing is null
            ? [.. checks, new CheckEvidence(check, null, [run], [])]
            : [.. checks.Select(c => c == existing ? c with { Runs = [.. c.Runs.Where(r => r.Commit != run.Commit), run] } : c)];
    }

    private static Evidence Restale(Evidence ev) => ev with
    {
        Checks = [.. ev.Checks.Select(c =>
        {
            var runs = c.Runs.Select(r => r with { Stale = r.Commit != ev.HeadCommit }).ToList();
            return c with { Runs = runs, StaleRuns = [.. runs.Where(r => r.Stale)], LatestOnHead = runs.LastOrDefault(r => !r.Stale) };
        })],
        Reviews = [.. ev.Reviews.Select(r => r with { Stale = r.Commit != ev.HeadCommit })],
        // One bound only to an artifact is about no commit, so no revision makes it stale.
        Attestations = ev.Attestations is null ? null : [.. ev.Attestations.Select(a => a with { Stale = a.Commit is not null && a.Commit != ev.HeadCommit })],
    };
}
