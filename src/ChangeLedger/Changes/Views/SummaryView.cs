using ChangeLedger.Contracts;
using JasperFx.Events;

namespace ChangeLedger.Changes;

/// <summary>The change's summary slice. Time comes from the events (occurredAt, and the ledger's own timestamp), never the clock.</summary>
public static class SummaryView
{
    public static ChangeSummary? Evolve(ChangeSummary? s, IEvent e)
    {
        if (s is null)
            return e.Data is ChangeProposed p
                ? new ChangeSummary(p.ChangeId, p.Repository, p.Title, ChangeStatus.Proposed, p.Owner, p.SubmittedBy, p.HeadCommit,
                    p.BaseCommit, p.Origin, p.Scope, p.AcceptanceCriteria, p.ParentChangeId, [], [], new ChangeCounts(), e.Version,
                    p.OccurredAt, e.Timestamp, e.Timestamp)
                : null;

        s = s with { Version = e.Version, LastRecordedAt = e.Timestamp };
        var c = s.Counts;
        return e.Data switch
        {
            ChangeRevised r => s with { HeadCommit = r.HeadCommit, Status = ChangeStateMachine.AfterRevision(s.Status), Counts = c with { Revisions = c.Revisions + 1 } },
            OwnershipTransferred t => s with { Owner = t.To, Counts = c with { OwnershipTransfers = c.OwnershipTransfers + 1 } },
            ValidationRecorded v => s with
            {
                Status = ChangeStateMachine.AfterValidation(s.Status),
                Counts = c with
                {
                    Validations = c.Validations + 1,
                    FailedValidations = c.FailedValidations + (v.Outcome is ValidationOutcome.Failed or ValidationOutcome.Errored ? 1 : 0),
                },
            },
            ReviewDecided r => s with
            {
                Status = r.Commit == s.HeadCommit ? ChangeStateMachine.AfterReview(s.Status, r.Decision) : s.Status,
                Reviewers = s.Reviewers.Contains(r.Reviewer) ? s.Reviewers : [.. s.Reviewers, r.Reviewer],
                Counts = c with { Reviews = c.Reviews + 1 },
            },
            ChangeSplit split => s with { Status = ChangeStatus.Split, ChildChangeIds = [.. split.Children.Select(ch => ch.ChangeId)] },
            HoldPlaced => s with { Counts = c with { HoldsPlaced = c.HoldsPlaced + 1 } },
            HoldLifted => s with { Counts = c with { HoldsLifted = c.HoldsLifted + 1 } },
            ChangeReleased => s with { Status = ChangeStatus.Released, Counts = c with { Releases = c.Releases + 1 } },
            ChangeMerged => s with { Status = ChangeStateMachine.AfterMerge(s.Status) },
            ChangeWithdrawn => s with { Status = ChangeStatus.Withdrawn },
            _ => s,
        };
    }
}
