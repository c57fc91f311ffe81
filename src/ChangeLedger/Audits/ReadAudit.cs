using System.Data;
using System.Security.Claims;
using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Hosting;
using ChangeLedger.Integrity;
using Marten;
using Npgsql;

namespace ChangeLedger.Audits;

/// <summary>
/// GET /v1/audits?repositories=&amp;environment=&amp;from=&amp;to=[&amp;sample=&amp;seed=] — every release to an environment
/// recorded in a period, read from the stored events as of a signed checkpoint of the ledger (one is taken first when
/// the period reaches past the latest): each repository's release log (every <c>ChangeReleased</c> of it, in the log's
/// order), the <c>ReleaseVerdictRecorded</c> each release names, folded as the rows arrive, and each log's root signed
/// as a C2SP note, so the report proves its releases are exactly the period's.
/// </summary>
public static class ReadAudit
{
    public static void Map(RouteGroupBuilder audits) =>
        audits.MapGet("", async (string? repositories, string? environment, DateTimeOffset? from, DateTimeOffset? to, int? sample, string? seed, string? format,
                ListingSession listing, IQuerySession primary, Wolverine.IMessageBus bus, SigningKey key, ClaimsPrincipal user, TimeProvider clock, HttpContext http,
                Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
            {
                var (query, problem) = AuditRequest.Parse(repositories, environment, from, to, sample, seed, format);
                if (query is null) return Problems.Result(problem!);
                var ct = http.RequestAborted;
                var latest = await LogCheckpoints.Latest(primary, ct);
                var required = latest?.Sequence ?? 0;
                if (latest is null || latest.OccurredAt < query.To)
                {
                    var caller = Caller.Of(user);
                    required = (await bus.InvokeAsync<LogCheckpoint>(new TakeCheckpointCommand(caller.RecordedBy, caller.Principal), ct)).Sequence;
                }
                var session = await listing.Open(http.Response, ct);
                // A replica that has not replayed the checkpoint yet would audit an older point of the log than the period needs.
                if (await LogCheckpoints.Latest(session, ct) is not { } checkpoint || checkpoint.Sequence < required)
                    return Problems.Result(new Problem(503, "replica-behind", "The replica has not caught up with the checkpoint",
                        $"The audit needs the log up to sequence {required}; the replica it reads from is behind it. Ask again in a moment."));
                var tally = new AuditTally(query.Sample, query.Seed);
                var logs = new List<RepositoryReleaseLog>();
                await foreach (var log in Logs(session, query, user.Scope(), checkpoint.Sequence, ct))
                {
                    foreach (var release in log.Audited) tally.Add(release);
                    var root = ReleaseLog.Root(log.Leaves, log.Leaves.Count);
                    var note = SignedNote.Sign(SignedNote.Body(ReleaseLog.Origin(key.Origin, log.Repository), log.Leaves.Count, Convert.FromHexString(root)), key.Origin, key.Key);
                    logs.Add(new RepositoryReleaseLog(log.Repository, log.Leaves.Count, root, note, log.Start, log.End, log.Leaves));
                }
                var report = tally.Report(query, clock.GetUtcNow(), listing.Point!.HighWaterMark,
                    new AuditCompleteness(checkpoint.TreeSize, checkpoint.Sequence, checkpoint.Note, logs));
                return format switch
                {
                    "csv" => Results.File(System.Text.Encoding.UTF8.GetBytes(AuditCsv.Of(report)), "text/csv; charset=utf-8", AuditCsv.FileName(query)),
                    "pdf" => Results.File(AuditPdf.Of(report), "application/pdf", Path.ChangeExtension(AuditCsv.FileName(query), ".pdf")),
                    _ => Results.Ok(Signed(report, key, json.Value.SerializerOptions)),
                };
            })
            .RequireAuthorization(Permissions.Export)
            .WithName("ReadAudit").WithSummary("Audit every release to an environment in a period: rates per rule, overrides, exceptions, lead time, a sample, completeness proofs")
            .Produces<AuditReport>(StatusCodes.Status200OK, "application/json", "text/csv", "application/pdf").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>Signs the manifest: the report's digest (canonical JSON, as it goes out), its counts and the logs' roots.</summary>
    public static AuditReport Signed(AuditReport report, SigningKey key, JsonSerializerOptions json)
    {
        var proof = report.Completeness!;
        var manifest = new AuditManifest("audit-manifest", report.Query, ReleaseLog.Digest(JsonSerializer.Serialize(report, json)), report.Releases!.Count, report.Exceptions.Count,
            proof.LedgerTreeSize, proof.LedgerSequence, [.. proof.Logs.Select(l => new AuditLogRoot(l.Repository, l.TreeSize, l.RootHash, l.Start, l.End))], key.KeyId);
        return report with { Manifest = Dsse.Sign(key.Key, key.KeyId, AuditManifest.PayloadType, JsonSerializer.SerializeToUtf8Bytes(manifest, Checkpoints.StatementJson)) };
    }

    /// <summary>A repository's release log up to the checkpoint, the range of it in the period, and its releases to the audited environment there.</summary>
    public sealed record Log(string Repository, List<ReleaseLeaf> Leaves, long Start, long End, List<AuditedRelease> Audited);

    /// <summary>
    /// Each repository's release log within the caller's scope, up to <paramref name="upTo"/>, repository by repository
    /// (bytewise), each in sequence order. A release names its repository (the proposal does for releases recorded
    /// before it did) and its verdict's version in the same stream. Log time is the running maximum of the recording
    /// times, so a period is a contiguous range of leaves even where two transactions committed out of order.
    /// </summary>
    public static async IAsyncEnumerable<Log> Logs(IQuerySession session, AuditQuery query, RepositoryScope scope, long upTo,
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
                   r.data ->> 'environment', coalesce(r.headers ->> 'hash', '')
            from {events} r
            join {events} p on p.stream_id = r.stream_id and p.version = 1 and p.type = 'change_proposed'
            left join {events} v on v.stream_id = r.stream_id and v.version = (r.data ->> 'verdictVersion')::bigint and v.type = 'release_verdict_recorded'
            where r.type = 'change_released' and r.seq_id <= @upTo
              and {RepositoryScope.SqlCondition(repository, "@requested")} and {RepositoryScope.SqlCondition(repository, "@allowed")}
            order by {repository} collate "C", r.seq_id
            """, connection);
        command.Parameters.AddWithValue("upTo", upTo);
        // The requested patterns ANDed with the caller's, both by the one rule of RepositoryScope: a pattern never widens a key.
        command.Parameters.AddWithValue("requested", query.Repositories.Count == 0 ? ["%"] : query.Repositories.Select(RepositoryScope.Like).ToArray());
        command.Parameters.AddWithValue("allowed", scope.SqlPatterns());
        await using var reader = await command.ExecuteReaderAsync(ct);
        Log? log = null;
        var released = new HashSet<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            var (recordedAt, changeId, version, repo, environment) = (reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(14));
            if (log?.Repository != repo)
            {
                if (log is not null) yield return log;
                log = new Log(repo, [], 0, 0, []);
                released.Clear();
            }
            var logTime = log.Leaves.Count == 0 || recordedAt > log.Leaves[^1].LogTime ? recordedAt : log.Leaves[^1].LogTime;
            log.Leaves.Add(new ReleaseLeaf(changeId, version, reader.GetString(15), environment, logTime));
            if (logTime < query.From) log = log with { Start = log.Leaves.Count, End = log.Leaves.Count };
            else if (logTime < query.To) log = log with { End = log.Leaves.Count };
            var first = released.Add((changeId, environment));
            if (environment != query.Environment || logTime < query.From || logTime >= query.To) continue;
            log.Audited.Add(new AuditedRelease(
                reader.GetInt64(0), recordedAt, changeId, version, repo, reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : new ReleaseOverride(reader.GetString(7), reader.GetString(8)),
                reader.GetBoolean(9),
                reader.IsDBNull(10) ? null : reader.GetInt64(10),
                reader.IsDBNull(11) ? null : reader.GetBoolean(11),
                reader.IsDBNull(12) ? null : Rules(reader.GetString(12)),
                reader.GetFieldValue<DateTimeOffset>(13),
                first));
        }
        if (log is not null) yield return log;
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
