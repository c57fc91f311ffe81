using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Ledger;
using JasperFx.Events;

namespace ChangeLedger.Web;

/// <summary>
/// One event of a change's timeline in words: what happened, on which commit, who did it, why (the reason, comment,
/// justification or summary that was sent) and the CI run or attestation it links to.
/// </summary>
public sealed record TimelineRow(long Version, string What, string? Commit, string Actor, string? Reason, string? Link,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string? RecordedBy, IReadOnlyList<string>? Nonconforming)
{
    public static TimelineRow Of(IEvent e)
    {
        var (what, commit, reason, link) = Words(e.Data);
        var ledger = e.Data as ILedgerEvent;
        return new TimelineRow(e.Version, what, commit, ledger?.Actor ?? "", reason, link, ledger?.OccurredAt ?? e.Timestamp, e.Timestamp,
            e.GetHeader(LedgerSessionListener.RecordedByHeader)?.ToString(), (e.Data as ICorrelatedEvent)?.Nonconforming);
    }

    private static (string What, string? Commit, string? Reason, string? Link) Words(object data) => data switch
    {
        ChangeProposed p => ($"proposed “{p.Title}”, {Show.Origin(p.Origin)}, owned by {p.Owner}", p.HeadCommit, p.ParentChangeId is { } parent ? "split from " + parent : null, null),
        ChangeRevised r => ($"revised: head {Show.Short(r.PreviousHeadCommit)} → {Show.Short(r.HeadCommit)}", r.HeadCommit, r.Summary, null),
        OwnershipTransferred t => ($"ownership passed from {t.From} to {t.To}", null, t.Reason, null),
        ValidationRecorded v => ($"check {v.Check} {Wire.Snake(v.Outcome)}", v.Commit, v.Command is { } c ? "ran " + c : null, v.RunUrl),
        ReviewDecided r => ($"review: {Wire.Snake(r.Decision).Replace('_', ' ')} ({Assurance(r.Assurance, r.VerifiedAs)})", r.Commit, r.Comment, null),
        ChangeSplit s => ($"split into {string.Join(", ", s.Children.Select(c => c.ChangeId))}", null, s.Reason, null),
        HoldPlaced h => ($"{Wire.Snake(h.Kind)} hold placed{(h.ExpiresAt is { } x ? ", expiring " + Show.Time(x) : "")}", null, h.Reason, null),
        HoldLifted l => ($"hold {l.HoldId} lifted", null, l.Justification, null),
        ReleaseVerdictRecorded v => (Verdict(v.Verdict), null, null, null),
        ChangeReleased c => ($"{Released(c)} {c.Environment} as version {c.Version}", c.Commit,
            c.Override is { } o ? $"override by {o.By}: {o.Justification}" : null, null),
        ChangeMerged m => ("merged", m.Commit, null, null),
        ChangeWithdrawn w => ("withdrawn", null, w.Reason, null),
        AttestationRecorded a => ($"attestation {Wire.Snake(a.Kind).Replace('_', ' ')}{(a.Name is { } n ? " " + n : "")}{(a.SignedBy is { } s ? ", signed by " + s : "")}", a.Commit, null, a.Url),
        AcceptanceCriteriaRevised c => ("acceptance criteria revised: " + string.Join("; ", c.Added.Select(x => $"added {x.Id}").Concat(c.Reworded.Select(x => $"reworded {x.Id}"))
            .Concat(c.Dropped.Select(id => $"dropped {id}"))), null, null, null),
        IncidentDetected i => ($"incident {i.IncidentId} detected in {i.Environment}", null, i.Description, null),
        IncidentResolved i => ($"incident {i.IncidentId} resolved", null, i.Description, null),
        _ => (data.GetType().Name, null, null, null),
    };

    public static string Assurance(string? assurance, string? verifiedAs) => assurance switch
    {
        "verified" => "verified" + (verifiedAs is { } who ? " as " + who : ""),
        "asserted" => "asserted, not verified",
        _ => "not known whether verified",
    };

    /// <summary>"release to prod refused: 2 of 5 rules failed (a, b)", or "release to prod ready: all 5 rules passed".</summary>
    public static string Verdict(ReleaseVerdict v)
    {
        var failed = v.Rules.Where(r => !r.Passed).Select(r => r.Rule).ToList();
        return v.Ready
            ? $"release to {v.Environment} ready: all {Show.Count(v.Rules.Count, "rule", "rules")} passed"
            : $"release to {v.Environment} refused: {failed.Count} of {Show.Count(v.Rules.Count, "rule", "rules")} failed ({string.Join(", ", failed)})";
    }

    private static string Released(ChangeReleased c) =>
        (c.RollBack == true ? "rolled back" : "released") + (c.Override is not null ? " with an override" : c.ReleasedOutsideGate == true ? " outside the gate" : "") + " to";
}
