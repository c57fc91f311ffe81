using System.Text.Json.Serialization;
using ChangeLedger.Contracts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Changes;

/// <summary>
/// The one document per change: the write model the decisions lock and read, and every per-change view as a slice of
/// it, so a write loads and stores one row per change it touches. Each slice holds the change as it stands (the latest
/// run per check and commit, the open holds, the current owner), never a copy of its history, which is read from the
/// events when someone asks for it. The decisions' accessors below read the slices; nothing is declared twice.
/// </summary>
public sealed record Change(string Id, ChangeSummary Summary, OwnershipHistory Ownership, Evidence Evidence, ReleaseRecord ReleaseRecord)
{
    /// <summary>The principal that proposed the change (absent before principals were recorded): segregation of duties compares it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProposedAs { get; init; }

    [JsonIgnore] public ChangeStatus Status => Summary.Status;
    [JsonIgnore] public string Repository => Summary.Repository;
    [JsonIgnore] public string Owner => Summary.Owner;
    [JsonIgnore] public string SubmittedBy => Summary.SubmittedBy;
    [JsonIgnore] public Origin Origin => Summary.Origin;
    [JsonIgnore] public string HeadCommit => Summary.HeadCommit;
    [JsonIgnore] public long Version => Summary.Version;

    /// <summary>Rejected, split and withdrawn changes are finished: they accept no further progress.</summary>
    [JsonIgnore]
    public bool IsClosed => Status is ChangeStatus.Rejected or ChangeStatus.Split or ChangeStatus.Withdrawn;

    [JsonIgnore] public IEnumerable<Hold> OpenHolds => ReleaseRecord.Holds.Where(h => h.LiftedVersion is null);

    /// <summary>In the order they were lifted.</summary>
    [JsonIgnore] public IEnumerable<string> LiftedHoldIds => ReleaseRecord.Holds.Where(h => h.LiftedVersion is not null).OrderBy(h => h.LiftedVersion).Select(h => h.HoldId);

    [JsonIgnore] public IEnumerable<string> ReleasedEnvironments => ReleaseRecord.Releases.Select(r => r.Environment);

    public IEnumerable<Hold> HoldsInForceAt(DateTimeOffset moment) =>
        OpenHolds.Where(h => h.ExpiresAt is null || h.ExpiresAt > moment);
}

/// <summary>Inline: every event of a change folds into its one document, each slice by its own pure function.</summary>
public sealed partial class ChangeProjection : SingleStreamProjection<Change, string>
{
    public override Change? Evolve(Change? snapshot, string id, IEvent e) => Fold(snapshot, id, e);

    public static Change? Fold(Change? snapshot, string id, IEvent e)
    {
        if (SummaryView.Evolve(snapshot?.Summary, e) is not { } summary) return null;
        var evidence = EvidenceView.Evolve(snapshot?.Evidence, e)!;
        // The summary lists the criteria's texts as they stand; the evidence slice keeps their ids and history.
        if (e.Data is AcceptanceCriteriaRevised) summary = summary with { AcceptanceCriteria = [.. AcceptanceCriteria.Current(evidence).Select(c => c.Text)] };
        return new Change(id, summary, OwnershipView.Evolve(snapshot?.Ownership, e)!, evidence,
            ReleaseRecordView.Evolve(snapshot?.ReleaseRecord, id, e)!)
        {
            ProposedAs = snapshot is null ? e.GetHeader(LedgerSessionListener.PrincipalHeader)?.ToString() : snapshot.ProposedAs,
        };
    }
}
