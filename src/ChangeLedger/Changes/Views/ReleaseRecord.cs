using ChangeLedger.Contracts;
using JasperFx.Events;

namespace ChangeLedger.Changes;

/// <summary>
/// The release record: holds and releases as recorded, and of the verdicts only those a write or a release view needs:
/// the verdict each release names and the latest (which the release recorded right after it names). Every verdict is
/// kept in the change's events, where the release view reads their history; keeping them here made every release load
/// and store a document that grew with each verdict recorded before it. Documents stored before this hold every
/// verdict, which reads the same. Which holds are expired is decided at read time, and the status comes from the
/// summary, so this projection never duplicates the state machine.
/// </summary>
public sealed record ReleaseRecord(
    string Id,
    string Repository,
    IReadOnlyList<Hold> Holds,
    IReadOnlyList<ReleaseVerdict> Verdicts,
    IReadOnlyList<Contracts.Release> Releases,
    long Version,
    string? HeadCommit = null,
    IReadOnlyList<string>? Environments = null,
    IReadOnlyList<string>? ArtifactDigests = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IncidentRecord>? Incidents = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? OpenIncidentEnvironments = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] MergeRecord? Merged = null)
{
    /// <summary>
    /// Whether an incident recorded on this change is open: copied to a column of its own (Changes/Configuration.cs) and
    /// not into the document, so the gate finds a repository's open incidents without reading every change's document.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore] public bool HasOpenIncidents => OpenIncidentEnvironments is { Count: > 0 };

    /// <summary>The release view at <paramref name="moment"/>, with <paramref name="verdicts"/>: every verdict recorded on the change up to <see cref="Version"/>, in order, read from its events.</summary>
    public ReleaseView ToView(ChangeStatus status, DateTimeOffset moment, IReadOnlyList<ReleaseVerdict> verdicts)
    {
        var open = Holds.Where(h => h.LiftedAt is null).ToList();
        return new ReleaseView(Id, Repository, status,
            [.. open.Where(h => h.ExpiresAt is null || h.ExpiresAt > moment)],
            [.. open.Where(h => h.ExpiresAt is not null && h.ExpiresAt <= moment)],
            [.. Holds.Where(h => h.LiftedAt is not null)],
            verdicts.LastOrDefault(), verdicts, Releases, [.. Releases.Where(r => r.Override is not null)], moment, Version);
    }

    /// <summary>Whether <paramref name="release"/> names <paramref name="verdict"/>: the one recorded just before it, in its environment.</summary>
    public static bool Names(Contracts.Release release, ReleaseVerdict verdict) =>
        verdict.Environment == release.Environment && verdict.ChangeVersion == release.VerdictVersion - 1;

    /// <summary>
    /// A release as the environment and artifact views show it, with the verdict recorded just before it. A released
    /// change is never revised, so a release recorded before releases named their commit ran the head.
    /// </summary>
    public Deployment Deployment(Contracts.Release release) =>
        new(release.Environment, Repository, Id, release.Commit ?? HeadCommit, release.Version, release.Artifacts ?? [], release.ReleasedBy,
            release.OccurredAt, release.RecordedAt, release.EventVersion,
            Verdicts.LastOrDefault(v => Names(release, v)), release.Override,
            release.ReleasedOutsideGate, release.RollBack);
}

/// <summary>When the change was merged, and what the merge recorded it put in (absent on merges recorded before sizes were).</summary>
public sealed record MergeRecord(DateTimeOffset OccurredAt, long Version, MergedLines? Lines);

/// <summary>The release slice: holds and releases as recorded, the verdicts they need, and the incidents recorded on the change.</summary>
public static class ReleaseRecordView
{
    private static ReleaseRecord Incidents(ReleaseRecord r, IReadOnlyList<IncidentRecord> incidents) =>
        r with { Incidents = incidents, OpenIncidentEnvironments = [.. incidents.Where(i => i.ResolvedAt is null).Select(i => i.Environment).Distinct()] };

    public static ReleaseRecord? Evolve(ReleaseRecord? r, string id, IEvent e)
    {
        if (r is null) return e.Data is ChangeProposed p ? new ReleaseRecord(id, p.Repository, [], [], [], e.Version, p.HeadCommit, [], []) : null;
        r = r with { Version = e.Version };
        return e.Data switch
        {
            HoldPlaced h => r with { Holds = [.. r.Holds, new Hold(h.HoldId, h.Kind, h.Reason, h.PlacedBy, h.OccurredAt, h.ExpiresAt, e.Version)] },
            HoldLifted l => r with
            {
                Holds = [.. r.Holds.Select(h => h.HoldId == l.HoldId ? h with { LiftedBy = l.LiftedBy, Justification = l.Justification, LiftedAt = l.OccurredAt, LiftedVersion = e.Version } : h)],
            },
            ChangeRevised v => r with { HeadCommit = v.HeadCommit },
            ChangeMerged m => r with { Merged = new MergeRecord(m.OccurredAt, e.Version, m.Lines) },
            // The latest verdict stays until the next one: a release that follows it in the same write names it.
            ReleaseVerdictRecorded v => r with { Verdicts = [.. r.Verdicts.Where(x => r.Releases.Any(rel => ReleaseRecord.Names(rel, x))), v.Verdict] },
            ChangeReleased c => r with
            {
                Releases = [.. r.Releases, new Contracts.Release(c.Environment, c.Version, c.ReleasedBy, c.OccurredAt, e.Timestamp, e.Version, c.VerdictVersion, c.Override,
                    c.Commit, c.Artifacts, c.ReleasedOutsideGate, c.RollBack)],
                Environments = [.. (r.Environments ?? []).Append(c.Environment).Distinct()],
                ArtifactDigests = [.. (r.ArtifactDigests ?? []).Concat((c.Artifacts ?? []).Select(a => a.Digest)).Distinct()],
            },
            IncidentDetected i => Incidents(r, [.. (r.Incidents ?? []).Where(x => x.IncidentId != i.IncidentId),
                new IncidentRecord(i.IncidentId, i.Environment, i.Service, i.Description, i.ReportedBy, i.OccurredAt, e.Version)]),
            IncidentResolved i => Incidents(r, [.. (r.Incidents ?? []).Select(x => x.IncidentId == i.IncidentId && x.ResolvedAt is null
                ? x with { ResolvedBy = i.ResolvedBy, ResolvedAt = i.OccurredAt } : x)]),
            _ => r,
        };
    }
}
