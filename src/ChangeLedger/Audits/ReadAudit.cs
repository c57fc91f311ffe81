using System.Data;
using System.Security.Claims;
using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;
using Npgsql;

namespace ChangeLedger.Audits;

/// <summary>
/// GET /v1/audits?repositories=&amp;environment=&amp;from=&amp;to=[&amp;sample=&amp;seed=] — every release to an environment
/// recorded in a period, read from the stored events in log order: the <c>ChangeReleased</c> rows and the
/// <c>ReleaseVerdictRecorded</c> each names, in one statement on the listing snapshot, folded as they arrive.
/// </summary>
public static class ReadAudit
{
    public static void Map(RouteGroupBuilder audits) =>
        audits.MapGet("", async (string? repositories, string? environment, DateTimeOffset? from, DateTimeOffset? to, int? sample, string? seed,
                ListingSession listing, ClaimsPrincipal user, TimeProvider clock, HttpContext http) =>
            {
                var (query, problem) = AuditRequest.Parse(repositories, environment, from, to, sample, seed);
                if (query is null) return Problems.Result(problem!);
                var session = await listing.Open(http.Response, http.RequestAborted);
                var tally = new AuditTally(query.Sample, query.Seed);
                await foreach (var release in Releases(session, query, user.Scope(), http.RequestAborted)) tally.Add(release);
                return Results.Ok(tally.Report(query, clock.GetUtcNow(), listing.Point!.HighWaterMark));
            })
            .RequireAuthorization(Permissions.Export)
            .WithName("ReadAudit").WithSummary("Audit every release to an environment in a period: rates per rule, overrides, exceptions, lead time, a sample")
            .Produces<AuditReport>().ProducesValidationProblem();

    /// <summary>
    /// The releases of the query within the caller's scope, in sequence order. A release names its repository (the
    /// proposal does for releases recorded before it did) and its verdict's version in the same stream; whether it is
    /// the change's first to the environment is asked of the stream, so a period starting after an earlier release
    /// still knows.
    /// </summary>
    public static async IAsyncEnumerable<AuditedRelease> Releases(IQuerySession session, AuditQuery query, RepositoryScope scope,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var connection = (NpgsqlConnection)(session.Connection ?? throw new InvalidOperationException("The query session has no connection."));
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(ct);
        var events = $"{LedgerStorage.Schema}.mt_events";
        const string repository = "coalesce(r.data ->> 'repository', p.data ->> 'repository')";
        await using var command = new NpgsqlCommand($"""
            select r.seq_id, r.timestamp, r.stream_id, r.version, {repository}, r.data ->> 'releasedBy', r.data ->> 'version',
                   r.data -> 'override' ->> 'by', r.data -> 'override' ->> 'justification', coalesce((r.data ->> 'releasedOutsideGate')::boolean, false),
                   (r.data ->> 'verdictVersion')::bigint, (v.data -> 'verdict' ->> 'ready')::boolean, (v.data -> 'verdict' -> 'rules')::text, p.timestamp,
                   not exists (select 1 from {events} x where x.stream_id = r.stream_id and x.type = 'change_released' and x.version < r.version
                                                         and x.data ->> 'environment' = r.data ->> 'environment')
            from {events} r
            join {events} p on p.stream_id = r.stream_id and p.version = 1 and p.type = 'change_proposed'
            left join {events} v on v.stream_id = r.stream_id and v.version = (r.data ->> 'verdictVersion')::bigint and v.type = 'release_verdict_recorded'
            where r.type = 'change_released' and r.data ->> 'environment' = @environment and r.timestamp >= @from and r.timestamp < @to
              and {RepositoryScope.SqlCondition(repository, "@requested")} and {RepositoryScope.SqlCondition(repository, "@allowed")}
            order by r.seq_id
            """, connection);
        command.Parameters.AddWithValue("environment", query.Environment);
        command.Parameters.AddWithValue("from", query.From);
        command.Parameters.AddWithValue("to", query.To);
        // The requested patterns ANDed with the caller's, both by the one rule of RepositoryScope: a pattern never widens a key.
        command.Parameters.AddWithValue("requested", query.Repositories.Count == 0 ? ["%"] : query.Repositories.Select(RepositoryScope.Like).ToArray());
        command.Parameters.AddWithValue("allowed", scope.SqlPatterns());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return new AuditedRelease(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : new ReleaseOverride(reader.GetString(7), reader.GetString(8)),
                reader.GetBoolean(9),
                reader.IsDBNull(10) ? null : reader.GetInt64(10),
                reader.IsDBNull(11) ? null : reader.GetBoolean(11),
                reader.IsDBNull(12) ? null : Rules(reader.GetString(12)),
                reader.GetFieldValue<DateTimeOffset>(13),
                reader.GetBoolean(14));
    }

    private static List<AuditedRule> Rules(string json)
    {
        using var document = JsonDocument.Parse(json);
        var rules = new List<AuditedRule>(document.RootElement.GetArrayLength());
        foreach (var rule in document.RootElement.EnumerateArray())
            rules.Add(new AuditedRule(rule.GetProperty("rule").GetString()!, rule.GetProperty("passed").GetBoolean(),
                rule.TryGetProperty("evidence", out var evidence) && evidence.ValueKind == JsonValueKind.Array
                    ? [.. evidence.EnumerateArray().Select(e => e.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "")]
                    : []));
        return rules;
    }
}
