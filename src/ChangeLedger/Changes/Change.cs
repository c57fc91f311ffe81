using ChangeLedger.Contracts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Changes;

public sealed record OpenHold(string HoldId, HoldKind Kind, string Reason, DateTimeOffset? ExpiresAt, long PlacedVersion);

/// <summary>
/// The write model: only what the decisions need. Kept as an inline snapshot so that fetching a change for
/// writing is a single read.
/// </summary>
public sealed record Change(
    string Id,
    ChangeStatus Status,
    string Repository,
    string Owner,
    string SubmittedBy,
    Origin Origin,
    string HeadCommit,
    IReadOnlyList<OpenHold> OpenHolds,
    IReadOnlyList<string> LiftedHoldIds,
    IReadOnlyList<string> ReleasedEnvironments,
    long Version)
{
    /// <summary>The principal that proposed the change (absent before principals were recorded): segregation of duties compares it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ProposedAs { get; init; }

    /// <summary>Rejected, split and withdrawn changes are finished: they accept no further progress.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsClosed => Status is ChangeStatus.Rejected or ChangeStatus.Split or ChangeStatus.Withdrawn;

    public IEnumerable<OpenHold> HoldsInForceAt(DateTimeOffset moment) =>
        OpenHolds.Where(h => h.ExpiresAt is null || h.ExpiresAt > moment);
}

public sealed partial class ChangeProjection : SingleStreamProjection<Change, string>
{
    public override Change? Evolve(Change? snapshot, string id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, ChangeProposed p) => new Change(p.ChangeId, ChangeStatus.Proposed, p.Repository, p.Owner, p.SubmittedBy, p.Origin,
            p.HeadCommit, [], [], [], e.Version) { ProposedAs = e.GetHeader(LedgerSessionListener.PrincipalHeader)?.ToString() },
        (null, _) => null,
        (_, ChangeRevised r) => snapshot with { HeadCommit = r.HeadCommit, Status = ChangeStateMachine.AfterRevision(snapshot.Status), Version = e.Version },
        (_, OwnershipTransferred t) => snapshot with { Owner = t.To, Version = e.Version },
        (_, ValidationRecorded) => snapshot with { Status = ChangeStateMachine.AfterValidation(snapshot.Status), Version = e.Version },
        (_, ReviewDecided r) => snapshot with
        {
            Status = r.Commit == snapshot.HeadCommit ? ChangeStateMachine.AfterReview(snapshot.Status, r.Decision) : snapshot.Status,
            Version = e.Version,
        },
        (_, ChangeSplit) => snapshot with { Status = ChangeStatus.Split, Version = e.Version },
        (_, HoldPlaced h) => snapshot with { OpenHolds = [.. snapshot.OpenHolds, new OpenHold(h.HoldId, h.Kind, h.Reason, h.ExpiresAt, e.Version)], Version = e.Version },
        (_, HoldLifted l) => snapshot with
        {
            OpenHolds = [.. snapshot.OpenHolds.Where(h => h.HoldId != l.HoldId)],
            LiftedHoldIds = [.. snapshot.LiftedHoldIds, l.HoldId],
            Version = e.Version,
        },
        (_, ChangeReleased r) => snapshot with
        {
            Status = ChangeStatus.Released,
            ReleasedEnvironments = [.. snapshot.ReleasedEnvironments, r.Environment],
            Version = e.Version,
        },
        (_, ChangeMerged) => snapshot with { Status = ChangeStateMachine.AfterMerge(snapshot.Status), Version = e.Version },
        (_, ChangeWithdrawn) => snapshot with { Status = ChangeStatus.Withdrawn, Version = e.Version },
        _ => snapshot with { Version = e.Version },
    };
}
