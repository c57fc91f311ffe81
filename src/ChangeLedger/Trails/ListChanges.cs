using System.Text;
using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Trails;

/// <summary>
/// GET /v1/changes — a page of summaries, newest first, with keyset pagination: the cursor is the last row's
/// (recordedAt, changeId), so a page costs the same on the thousandth page as on the first and rows added
/// meanwhile never shift it. Read from the replica when one is configured; the headers say how far it had replayed.
/// </summary>
public static class ListChanges
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public sealed record Filter(string? Repository, string? Owner, string? Reviewer, ChangeStatus? Status, DateTimeOffset? Since, DateTimeOffset? Until)
    {
        /// <summary>The caller's repository scopes: rows outside them are not counted, listed or hinted at.</summary>
        public RepositoryScope Scopes { get; init; } = RepositoryScope.Everything;
    }

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapGet("/", async (string? repository, string? owner, string? reviewer, string? status, DateTimeOffset? since,
                DateTimeOffset? until, string? cursor, int? limit, ListingSession listing, HttpResponse response, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var errors = new Validation()
                    .Rule(limit is null or (>= 1 and <= MaxLimit), "limit", $"'limit' is between 1 and {MaxLimit}.")
                    .Rule(status is null || ParseStatus(status) is not null, "status",
                        $"'status' is one of {string.Join(", ", Enum.GetValues<ChangeStatus>().Select(Wire.Status))}.")
                    .Rule(cursor is null || Cursor.TryParse(cursor, out _), "cursor", "'cursor' is not one this service issued; start again without it.");
                if (!errors.IsValid) return Problems.Result(errors.ToProblem());
                Cursor.TryParse(cursor, out var after);
                var session = await listing.Open(response, ct);
                var page = await Page(session, new Filter(repository, owner, reviewer, ParseStatus(status), since, until) { Scopes = user.Scope() }, after, limit ?? DefaultLimit, ct);
                return Results.Ok(page);
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("ListChanges").WithSummary("A page of change summaries, newest first, filtered")
            .Produces<ChangePage>().ProducesValidationProblem();

    private static ChangeStatus? ParseStatus(string? wire) =>
        Enum.GetValues<ChangeStatus>().Cast<ChangeStatus?>().FirstOrDefault(s => Wire.Status(s!.Value) == wire);

    public static async Task<ChangePage> Page(IQuerySession session, Filter filter, Cursor? after, int limit, CancellationToken ct)
    {
        var sql = new StringBuilder($"select d.data -> 'summary' from {Hosting.LedgerStorage.Schema}.mt_doc_change_record as d where true");
        var args = new List<object>();
        void Where(string clause, params object[] values) { sql.Append(" and ").Append(clause); args.AddRange(values); }

        // Scopes travel as one JSON array parameter: Marten's positional parameters do not bind a .NET array here.
        Where(RepositoryScope.SqlCondition("d.summaryrepository", "array(select jsonb_array_elements_text(?::jsonb))"),
            System.Text.Json.JsonSerializer.Serialize(filter.Scopes.SqlPatterns()));
        if (filter.Repository is { } repo) Where($"{RepositoryScope.SqlFold("d.summaryrepository")} = {RepositoryScope.SqlFold("?")}", repo);
        if (filter.Owner is { } owner) Where("d.summaryowner = ?", owner);
        if (filter.Status is { } st) Where("d.data -> 'summary' ->> 'status' = ?", st.ToString());
        // Containment rather than jsonb's '?' operator, which Marten would take for a parameter placeholder.
        if (filter.Reviewer is { } reviewer) Where("d.data -> 'summary' -> 'reviewers' @> jsonb_build_array(?::text)", reviewer);
        if (filter.Since is { } since) Where("d.summaryrecorded_at >= ?", since);
        if (filter.Until is { } until) Where("d.summaryrecorded_at < ?", until);
        if (after is { } c) Where("(d.summaryrecorded_at, d.id) < (?, ?)", c.RecordedAt, c.ChangeId);
        sql.Append(" order by d.summaryrecorded_at desc, d.id desc limit ").Append(limit + 1);

        var rows = await session.QueryAsync<ChangeSummary>(sql.ToString(), ct, [.. args]);
        var items = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new Cursor(items[^1].RecordedAt, items[^1].ChangeId).ToString() : null;
        return new ChangePage(items, next);
    }
}

/// <summary>An opaque keyset cursor: base64url of the last row's recordedAt ticks and change id.</summary>
public sealed record Cursor(DateTimeOffset RecordedAt, string ChangeId)
{
    public override string ToString() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RecordedAt.UtcTicks}|{ChangeId}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryParse(string? text, out Cursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 400) return false;
        try
        {
            var b64 = text.Replace('-', '+').Replace('_', '/');
            var raw = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=')));
            var parts = raw.Split('|', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], out var ticks) || Ledger.ChangeId.Check(parts[1]) is not null) return false;
            cursor = new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
