using JasperFx.Events;
using Marten.Events.Projections;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Exports;

public sealed record OwnershipSpell(string ChangeId, DateTimeOffset From, long FromVersion, DateTimeOffset? Until = null, long? UntilVersion = null);

public sealed record ApprovalGiven(string ChangeId, string Commit, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, long Version);

/// <summary>Everything one person owned or approved, across changes: the reviewer's and the owner's view.</summary>
public sealed record PersonActivity(string Id, IReadOnlyList<OwnershipSpell> Owned, IReadOnlyList<ApprovalGiven> Approved);

/// <summary>
/// Keyed by person. A transfer touches two people: it ends the giver's spell and starts the receiver's. Spells are
/// timed by recordedAt (the ledger's clock, from the event), the same clock the period filters of the API use.
/// </summary>
public sealed partial class PersonActivityProjection : MultiStreamProjection<PersonActivity, string>
{
    public PersonActivityProjection()
    {
        Identity<ChangeProposed>(e => e.Owner);
        Identities<OwnershipTransferred>(e => [e.From, e.To]);
        Identity<ReviewDecided>(e => e.Reviewer);
    }

    public override PersonActivity? Evolve(PersonActivity? person, string id, IEvent e)
    {
        person ??= new PersonActivity(id, [], []);
        return e.Data switch
        {
            ChangeProposed p when p.Owner == id => person with { Owned = [.. person.Owned, new OwnershipSpell(p.ChangeId, e.Timestamp, e.Version)] },
            OwnershipTransferred t => Transfer(person, id, t, e),
            ReviewDecided { Decision: ReviewDecision.Accepted } r when r.Reviewer == id =>
                person with { Approved = [.. person.Approved, new ApprovalGiven(r.ChangeId, r.Commit, r.OccurredAt, e.Timestamp, e.Version)] },
            _ => person,
        };
    }

    private static PersonActivity Transfer(PersonActivity person, string id, OwnershipTransferred t, IEvent e)
    {
        var owned = person.Owned;
        if (t.From == id)
            owned = [.. owned.Select(s => s.ChangeId == t.ChangeId && s.Until is null ? s with { Until = e.Timestamp, UntilVersion = e.Version } : s)];
        if (t.To == id)
            owned = [.. owned, new OwnershipSpell(t.ChangeId, e.Timestamp, e.Version)];
        return person with { Owned = owned };
    }
}
