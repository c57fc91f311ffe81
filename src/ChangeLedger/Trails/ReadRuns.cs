using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Trails;

/// <summary>
/// GET /v1/changes/{id}/evidence/runs — every run of the change's checks, read from its events a page at a time. The
/// evidence answers what stands (the latest run per check and commit); this answers how it came to be, however many
/// times a job re-ran, at a cost that follows the page, not the change's history (the events' stream-and-version index).
/// </summary>
public static class ReadRuns
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private sealed record Row(long Version, DateTimeOffset RecordedAt, ValidationRecorded Data);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapGet("/{changeId}/evidence/runs", async (string changeId, string? check, long? after, int? limit, IQuerySession s, ClaimsPrincipal user,
                CancellationToken ct) =>
            {
                if (ChangeId.Check(changeId) is not null) return Problems.Result(ChangeId.InvalidProblem(changeId));
                var errors = new Validation()
                    .Rule(limit is null or (>= 1 and <= MaxLimit), "limit", $"'limit' is between 1 and {MaxLimit}.")
                    .Rule(after is null or >= 0, "after", "'after' is a stream version, 0 or more.")
                    .Optional("check", check)
                    .Rule(check is not "", "check", "'check' names a check; leave it out for every check.");
                if (!errors.IsValid) return Problems.Result(errors.ToProblem());
                if (await ReadChange.Find(s, user, changeId, new ReadChange.Moment(null, null), ct) is not { } change)
                    return Problems.Result(Problem.UnknownChange(changeId));
                return Results.Ok(await Page(s, change, check, after ?? 0, limit ?? DefaultLimit, ct));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("ListValidationRuns").WithSummary("Every run of the change's checks, in ledger order, a page at a time")
            .Produces<ValidationRunPage>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

    public static async Task<ValidationRunPage> Page(IQuerySession s, Change change, string? check, long after, int limit, CancellationToken ct)
    {
        var rows = await s.QueryAsync<Row>(
            $"select jsonb_build_object('version', e.version, 'recordedAt', e.timestamp, 'data', e.data) from {LedgerStorage.Schema}.mt_events as e " +
            $"where e.stream_id = ? and e.version > ? and e.type = 'validation_recorded'{(check is null ? "" : " and e.data ->> 'check' = ?")} " +
            $"order by e.version limit {limit + 1}",
            ct, check is null ? [change.Id, after] : [change.Id, after, check]);
        var runs = rows.Take(limit).Select(r => new ValidationRun(r.Data.Check, r.Data.Commit, r.Data.Outcome, r.Data.Runner, r.Data.Command, r.Data.RunUrl,
            r.Data.DurationMs, r.Data.LogDigest, r.Data.OccurredAt, r.RecordedAt, r.Version, r.Data.Commit != change.HeadCommit)).ToList();
        return new ValidationRunPage(change.Id, check, runs, rows.Count > limit ? runs[^1].Version : null);
    }
}
