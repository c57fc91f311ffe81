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
        audits.MapGet("", async (string? repositories, string? environment, DateTimeOffset? from, DateTimeOffset? to, int? sample, string? seed, string? format, long? since,
                ListingSession listing, IQuerySession primary, Wolverine.IMessageBus bus, SigningKey key, ClaimsPrincipal user, TimeProvider clock, HttpContext http,
                Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
            {
                var (query, problem) = AuditRequest.Parse(repositories, environment, from, to, sample, seed, format, since);
                if (query is null) return Problems.Result(problem!);
                var ct = http.RequestAborted;
                var required = await Checkpointed(query, primary, bus, user, ct);
                var session = await listing.Open(http.Response, ct);
                // A replica that has not replayed the checkpoint yet would audit an older point of the log than the period needs.
                if (await LogCheckpoints.Latest(session, ct) is not { } checkpoint || checkpoint.Sequence < required)
                    return Problems.Result(new Problem(503, "replica-behind", "The replica has not caught up with the checkpoint",
                        $"The audit needs the log up to sequence {required}; the replica it reads from is behind it. Ask again in a moment."));
                if (query.Since > checkpoint.Sequence)
                    return Problems.Result(new Problem(400, "since-ahead", "'since' is after the audit's checkpoint",
                        $"'since' names ledger sequence {query.Since}; the audit is computed at sequence {checkpoint.Sequence}. Use the ledgerSequence an earlier report names."));
                var run = new AuditRun(query, key, checkpoint, user.Scope(), clock.GetUtcNow(), listing.Point!.HighWaterMark, json.Value.SerializerOptions);
                var file = AuditCsv.FileName(query);
                return format switch
                {
                    "csv" => Results.Stream(body => run.Csv(session, body, ct), "text/csv; charset=utf-8", file),
                    "pdf" => Results.File(await run.Pdf(session, ct), "application/pdf", Path.ChangeExtension(file, ".pdf")),
                    _ => Results.Stream(body => run.Json(session, body, ct), "application/json"),
                };
            })
            .RequireAuthorization(Permissions.Export)
            .WithName("ReadAudit").WithSummary("Audit every release to an environment in a period: rates per rule, overrides, exceptions, lead time, a sample, completeness proofs")
            .Produces<AuditReport>(StatusCodes.Status200OK, "application/json", "text/csv", "application/pdf").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);


    /// <summary>The sequence the audit must read up to: the latest checkpoint's, or a new one's when the period reaches past the latest.</summary>
    public static async Task<long> Checkpointed(AuditQuery query, IQuerySession primary, Wolverine.IMessageBus bus, ClaimsPrincipal user, CancellationToken ct)
    {
        var latest = await LogCheckpoints.Latest(primary, ct);
        if (latest is not null && latest.OccurredAt >= query.To) return latest.Sequence;
        var caller = Caller.Of(user);
        return (await bus.InvokeAsync<LogCheckpoint>(new TakeCheckpointCommand(caller.RecordedBy, caller.Principal), ct)).Sequence;
    }
}
