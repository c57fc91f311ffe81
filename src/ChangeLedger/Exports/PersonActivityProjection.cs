using JasperFx.Events;
using Marten.Events.Projections;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Exports;

public sealed record OwnershipSpell(DateTimeOffset From, long FromVersion, DateTimeOffset? Until = null, long? UntilVersion = null);

public sealed record ApprovalGiven(string Commit, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, long Version);

/// <summary>What one person owned or approved on one change. Id is "{person}|{changeId}"; queried by Person.</summary>
public sealed record PersonActivity(string Id, string Person, string ChangeId, IReadOnlyList<OwnershipSpell> Owned, IReadOnlyList<ApprovalGiven> Approved)
{
    public static string Key(string person, string changeId) => $"{person}|{changeId}";
}

/// <summary>
/// The reviewer's and the owner's cross-change view, grouped by person. One document per person and change rather
/// than per person: a busy person's single document would grow without bound and be rewritten, and contended, by
/// every write on any of their changes; per change, writes are already serialized by the change's own stream.
/// A transfer touches two documents: it ends the giver's spell and starts the receiver's. Spells are timed by
/// recordedAt (the event's timestamp, never the clock), the clock the API's period filters use.
/// </summary>
public sealed partial class PersonActivityProjection : MultiStreamProjection<PersonActivity, string>
{
    public PersonActivityProjection()
    {
        Identity<ChangeProposed>(e => PersonActivity.Key(e.Owner, e.ChangeId));
        Identities<OwnershipTransferred>(e => [PersonActivity.Key(e.From, e.ChangeId), PersonActivity.Key(e.To, e.ChangeId)]);
        Identity<ReviewDecided>(e => PersonActivity.Key(e.Reviewer, e.ChangeId));
    }

    public override PersonActivity? Evolve(PersonActivity? activity, string id, IEvent e)
    {
        var change = (e.Data as IChangeEvent)?.ChangeId ?? "";
        activity ??= new PersonActivity(id, id[..^(change.Length + 1)], change, [], []);
        var person = activity.Person;
        return e.Data switch
        {
            ChangeProposed p when p.Owner == person => activity with { Owned = [.. activity.Owned, new OwnershipSpell(e.Timestamp, e.Version)] },
            OwnershipTransferred t => activity with
            {
                Owned = t.To == person
                    ? [.. activity.Owned, new OwnershipSpell(e.Timestamp, e.Version)]
                    : [.. activity.Owned.Select(s => t.From == person && s.Until is null ? s with { Until = e.Timestamp, UntilVersion = e.Version } : s)],
            },
            ReviewDecided { Decision: ReviewDecision.Accepted } r when r.Reviewer == person =>
                activity with { Approved = [.. activity.Approved, new ApprovalGiven(r.Commit, r.OccurredAt, e.Timestamp, e.Version)] },
            _ => activity,
        };
    }
}
