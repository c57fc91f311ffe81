using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Exports;

/// <summary>
/// GET /v1/owners/{person}/changes?since=&amp;until= — "what did this person own or approve in this period": every change
/// whose ownership spell overlaps the period, or that they approved within it (recordedAt, [since, until)).
/// </summary>
public static class OwnerChanges
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/owners/{person}/changes", async (string person, DateTimeOffset? since, DateTimeOffset? until, ListingSession listing,
                HttpResponse response, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (since is not null && until is not null && since >= until)
                    return Problems.Result(new Ledger.Validation().Rule(false, "since", "'since' is before 'until'.").ToProblem());
                var session = await listing.Open(response, ct);
                var activity = await session.Query<PersonActivity>().Where(a => a.Person == person).ToListAsync(ct);
                var answer = InPeriod(activity, since, until);
                var summaries = (await session.LoadManyAsync<Changes.Change>(ct, answer.Select(c => c.ChangeId).ToArray())).Select(c => c.Summary);
                // Changes outside the caller's repositories are left out entirely, not merely blanked.
                var byId = summaries.Where(s => user.InScope(s.Repository)).ToDictionary(s => s.ChangeId);
                static PersonChange Described(PersonChange c, ChangeSummary s) => c with { Repository = s.Repository, Title = s.Title, Status = s.Status };
                return Results.Ok(new PersonChanges(person, since, until,
                    [.. answer.Where(c => byId.ContainsKey(c.ChangeId)).Select(c => Described(c, byId[c.ChangeId]))]));
            })
            .RequireAuthorization(Access.Permissions.ReadChanges).ProducesAccessProblems()
            .WithTags("Changes").WithName("ListOwnerChanges").WithSummary("What a person owned or approved in a period")
            .Produces<PersonChanges>().ProducesValidationProblem();

    /// <summary>Pure: the person's changes that touch the period, in the order they first touched them.</summary>
    public static List<PersonChange> InPeriod(IEnumerable<PersonActivity> activity, DateTimeOffset? since, DateTimeOffset? until)
    {
        bool Within(DateTimeOffset t) => (since is null || t >= since) && (until is null || t < until);
        return activity
            .Select(a => (a.ChangeId,
                Owned: a.Owned.Where(s => (until is null || s.From < until) && (since is null || s.Until is null || s.Until > since)).ToList(),
                Approved: a.Approved.Where(x => Within(x.RecordedAt)).ToList()))
            .Where(a => a.Owned.Count > 0 || a.Approved.Count > 0)
            .OrderBy(a => a.Owned.Select(s => s.From).Concat(a.Approved.Select(x => x.RecordedAt)).Min()).ThenBy(a => a.ChangeId, StringComparer.Ordinal)
            .Select(a => new PersonChange(a.ChangeId, null, null, null,
                [.. a.Owned.Select(s => new OwnedSpell(s.From, s.Until, s.FromVersion, s.UntilVersion))],
                [.. a.Approved.Select(x => new Approval(x.Commit, x.OccurredAt, x.RecordedAt, x.Version))]))
            .ToList();
    }
}
