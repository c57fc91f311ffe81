using ChangeLedger.Contracts;
using JasperFx.Events;

namespace ChangeLedger.Changes;

/// <summary>
/// The release record: holds, verdicts and releases as recorded. Which holds are expired is decided at read
/// time, and the status comes from the summary, so this projection never duplicates the state machine.
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

    public ReleaseView ToView(ChangeStatus status, DateTimeOffset moment)
    {
        var open = Holds.Where(h => h.LiftedAt is null).ToList();
        return new ReleaseView(Id, Repository, status,
            [.. open.Where(h => h.ExpiresAt is null || h.ExpiresAt > moment)],
            [.. open.Where(h => h.ExpiresAt is not null && h.ExpiresAt <= moment)],
            [.. Holds.Where(h => h.LiftedAt is not null)],
            Verdicts.LastOrDefault(), Verdicts, Releases, [.. Releases.Where(r => r.Override is not null)], moment, Version);
    }

    /// <summary>
    /// A release as the environment and artifact views show it, with the verdict recorded just before it. A released
    /// change is never revised, so a release recorded before releases named their commit ran the head.
    /// </summary>
    public Deployment Deployment(Contracts.Release release) =>
        new(release.Environment, Repository, Id, release.Commit ?? HeadCommit, release.Version, release.Artifacts ?? [], release.ReleasedBy,
            release.OccurredAt, release.RecordedAt, release.EventVersion,
            Verdicts.LastOrDefault(v => v.Environment == release.Environment && v.ChangeVersion == release.VerdictVersion - 1), release.Override,
            release.ReleasedOutsideGate, release.RollBack);
}

/// <summary>When the change was merged, and what the merge recorded it put in (absent on merges recorded before sizes were).</summary>
public sealed record MergeRecord(DateTimeOffset OccurredAt, long Version, MergedLines? Lines);

/// <summary>The release slice: holds, verdicts and releases as recorded, and the incidents recorded on the change.</summary>
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
            ReleaseVerdictRecorded v => r with { Verdicts = [.. r.Verdicts, v.Verdict] },
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
