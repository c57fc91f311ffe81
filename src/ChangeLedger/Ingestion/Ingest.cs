using System.Security.Claims;
using System.Text.Json;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Ingestion;

/// <summary>One item of a batch: the write it asks for, or the problem that refused it before it reached the ledger.</summary>
public sealed record BatchItem(int Index, string? Type, string? ChangeId, string? EventId, TypedWrite? Write, Problem? Problem)
{
    public static BatchItem Of(int index, TypedWrite write) => new(index, write.Type, write.ChangeId, write.Request.EventId, write, null);
}

/// <summary>
/// Runs a batch: items of one change in the order sent, different changes side by side. Each item is its own
/// transaction through the same writer as the endpoints, so a refused item leaves the others as they would have been.
/// </summary>
public static class Ingest
{
    // A few changes at a time: enough to overlap round trips, few enough not to starve the connection pool.
    private const int ChangesAtOnce = 4;

    public static async Task<IngestionResults> Run(LedgerWriter writer, ClaimsPrincipal user, IReadOnlyList<BatchItem> items, JsonSerializerOptions json,
        ILogger log, CancellationToken ct)
    {
        var results = new IngestionItemResult[items.Count];
        foreach (var refused in items.Where(i => i.Write is null))
            results[refused.Index] = Result(refused, WriteOutcome.Refused(refused.Problem!), json);

        var perChange = items.Where(i => i.Write is not null).GroupBy(i => i.Write!.ChangeId, StringComparer.Ordinal);
        await Parallel.ForEachAsync(perChange, new ParallelOptions { MaxDegreeOfParallelism = ChangesAtOnce, CancellationToken = ct },
            async (change, token) =>
            {
                foreach (var item in change)
                {
                    try
                    {
                        results[item.Index] = Result(item, await item.Write!.Run(writer, user, token), json);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Earlier items of this batch may already be committed, so one item's failure is reported as that
                        // item's 500 (and logged), never as a 500 for a batch whose other results the client would lose.
                        log.LogError(ex, "Batch item {Index} ({Type} on {ChangeId}) failed", item.Index, item.Type, item.ChangeId);
                        results[item.Index] = Result(item, WriteOutcome.Refused(new Problem(500, "internal", "The ledger failed to record this item",
                            "An unexpected error occurred; this item was not recorded. It has been logged; resend it with the same eventId.")), json);
                    }
                }
            });

        var accepted = results.Count(r => r.Status is >= 200 and < 300);
        return new IngestionResults(accepted, results.Length - accepted, results);
    }

    public static IngestionItemResult Result(BatchItem item, WriteOutcome outcome, JsonSerializerOptions json)
    {
        if (outcome.Problem is { } problem)
            return new(item.Index, item.Type, item.ChangeId, item.EventId, outcome.Status, null, Problem: ProblemJson(problem, json));
        var body = JsonSerializer.SerializeToElement(outcome.Body, outcome.Body.GetType(), json);
        long? version = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("version", out var v) && v.TryGetInt64(out var n) ? n : null;
        return new(item.Index, item.Type, item.ChangeId, item.EventId, outcome.Status, version, Result: body);
    }

    /// <summary>The same problem-details members the endpoints answer with, inside the item's result.</summary>
    public static JsonElement ProblemJson(Problem problem, JsonSerializerOptions json)
    {
        var details = new Dictionary<string, object>
        {
            ["type"] = problem.TypeUri, ["title"] = problem.Title, ["status"] = problem.Status, ["detail"] = problem.Detail,
        };
        if (problem.Errors is { } errors) details["errors"] = errors;
        return JsonSerializer.SerializeToElement(details, json);
    }
}
