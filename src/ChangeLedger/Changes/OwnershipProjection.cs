using ChangeLedger.Contracts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Changes;

/// <summary>Ownership, inline: the first owner at proposal, then every hand-over with who and why.</summary>
public sealed partial class OwnershipProjection : SingleStreamProjection<OwnershipHistory, string>
{
    public const string ProposedReason = "proposed";

    public override OwnershipHistory? Evolve(OwnershipHistory? o, string id, IEvent e) => (o, e.Data) switch
    {
        (null, ChangeProposed p) => new OwnershipHistory(p.ChangeId, p.Repository, p.Owner,
            [new OwnershipRecord(p.Owner, null, p.SubmittedBy,
                p.ParentChangeId is null ? ProposedReason : $"split from {p.ParentChangeId}", p.OccurredAt, e.Timestamp, e.Version)],
            e.Version),
        (null, _) => null,
        (_, OwnershipTransferred t) => o with
        {
            CurrentOwner = t.To,
            History = [.. o.History, new OwnershipRecord(t.To, t.From, t.By, t.Reason, t.OccurredAt, e.Timestamp, e.Version)],
            Version = e.Version,
        },
        _ => o with { Version = e.Version },
    };
}
