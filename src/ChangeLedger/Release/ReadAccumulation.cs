using System.Globalization;
using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using ChangeLedger.Policies;
using Marten;

namespace ChangeLedger.Release;

/// <summary>
/// GET /v1/repositories/{repository}/accumulation?from=&amp;to= — generated code merged into a repository, per ISO week
/// (Monday, UTC) of the merge: the lines (added plus removed) each merge recorded for its head, and of those, the lines
/// whose head a verified human had accepted before the merge. A merge whose head had no recorded size is counted apart,
/// never as zero lines. Read from each change's merge as its release record keeps it; no clock.
/// </summary>
public static class ReadAccumulation
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(84);
    public const int MaxWeeks = 106;

    public static Accumulation Of(string repository, IEnumerable<Change> changes, DateTimeOffset from, DateTimeOffset to)
    {
        var merged = changes
            .Where(c => c.Origin.Kind == OriginKind.Generated && c.ReleaseRecord.Merged is { } m && m.OccurredAt >= from && m.OccurredAt < to)
            .Select(c => c.ReleaseRecord.Merged!).ToList();
        return new(repository, from, to, [.. Weeks(from, to).Select(monday =>
        {
            var week = merged.Where(m => WeekOf(m.OccurredAt) == monday).ToList();
            var sized = week.Where(m => m.Lines is not null).Select(m => m.Lines!).ToList();
            return new AccumulationWeek(IsoWeek(monday), monday, week.Count, sized.Sum(l => (long)l.ChangedLines),
                sized.Where(l => l.VerifiedReviewer is not null).Sum(l => (long)l.ChangedLines), week.Count - sized.Count);
        })]);
    }

    /// <summary>The Monday (UTC) that starts each week the period [from, to) touches.</summary>
    public static IReadOnlyList<DateOnly> Weeks(DateTimeOffset from, DateTimeOffset to)
    {
        var weeks = new List<DateOnly>();
        for (var w = WeekOf(from); w.ToDateTime(TimeOnly.MinValue) < to.UtcDateTime; w = w.AddDays(7)) weeks.Add(w);
        return weeks;
    }

    public static DateOnly WeekOf(DateTimeOffset t)
    {
        var day = DateOnly.FromDateTime(t.UtcDateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    public static string IsoWeek(DateOnly monday) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)):00}");

    /// <summary>The generated changes of a repository merged in the period, each whole (the fold reads its origin and its merge).</summary>
    public static Task<IReadOnlyList<Change>> MergedIn(IQuerySession session, string repository, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        session.Query<Change>()
            .Where(c => c.Summary.Repository == repository && c.ReleaseRecord.Merged != null
                && c.ReleaseRecord.Merged.OccurredAt >= from && c.ReleaseRecord.Merged.OccurredAt < to)
            .ToListAsync(ct);

    public static void Map(RouteGroupBuilder repositories) =>
        repositories.MapGet("/{repository}/accumulation", async (string repository, DateTimeOffset? from, DateTimeOffset? to, IQuerySession session,
                ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
            {
                repository = SetPolicy.RepositoryOf(repository);
                var end = to ?? clock.GetUtcNow();
                var start = from ?? end - DefaultPeriod;
                if (SetPolicy.ValidateRepository(repository)
                        .Rule(start < end, "from", "'from' comes before 'to'.")
                        .Rule(start >= end || Weeks(start, end).Count <= MaxWeeks, "from", $"A period spans at most {MaxWeeks} weeks.") is { IsValid: false } bad)
                    return Problems.Result(bad.ToProblem());
                if (!user.InScope(repository)) return Problems.Result(SetPolicy.OutOfScope(repository));
                return Results.Ok(Of(repository, await MergedIn(session, repository, start, end, ct), start, end));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("ReadAccumulation").WithSummary("Generated lines merged per ISO week, and how many of them a verified human reviewed (?from=&to=, twelve weeks up to now by default)")
            .Produces<Accumulation>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
