using ChangeLedger.Contracts;
using JasperFx.Events;

namespace ChangeLedger.Changes;

/// <summary>The ownership slice: the first owner at proposal, then every hand-over with who and why (hand-overs are few; runs are not).</summary>
public static class OwnershipView
{
    public const string ProposedReason = "proposed";

    public static OwnershipHistory? Evolve(OwnershipHistory? o, IEvent e) => (o, e.Data) switch
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
