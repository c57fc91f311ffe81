using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Ingestion;

/// <summary>One item of a batch: the write it asks for, the problem that refused it before it reached the ledger, or why it was ignored.</summary>
public sealed record BatchItem(int Index, string? Type, string? ChangeId, string? EventId, TypedWrite? Write, Problem? Problem, Ignored? Ignored = null)
{
    public static BatchItem Of(int index, TypedWrite write) => new(index, write.Type, write.ChangeId, write.Request.EventId, write, null);
}

/// <summary>
/// Runs a batch: every item is parsed by its kind, then all valid ones go to the change-write handler as one message,
/// decided in the order sent and committed in one transaction. A refused item appends nothing, so the others are
/// recorded as they would have been alone.
/// </summary>
public static class Ingest
{
    public static async Task<IngestionResults> Run(ChangeWrites writes, WriteKinds kinds, Caller caller, IReadOnlyList<BatchItem> items,
        JsonSerializerOptions json, CancellationToken ct)
    {
        var results = new IngestionItemResult[items.Count];
        var accepted = new List<(BatchItem Item, ChangeCommand Command)>();
        foreach (var item in items)
        {
            if (item.Ignored is { } ignored)
            {
                results[item.Index] = new(item.Index, item.Type, item.ChangeId, item.EventId, StatusCodes.Status202Accepted, null,
                    Result: JsonSerializer.SerializeToElement(ignored.Body(), json));
                continue;
            }
            var (command, problem) = item.Write is { } write ? kinds.Parse(write) : (null, item.Problem);
            if (command is null) results[item.Index] = Result(item, WriteOutcome.Refused(problem!), json);
            else accepted.Add((item, command));
        }

        if (accepted.Count > 0)
        {
            var outcomes = await writes.Record([.. accepted.Select(a => a.Command)], caller, ct);
            for (var i = 0; i < accepted.Count; i++) results[accepted[i].Item.Index] = Result(accepted[i].Item, outcomes[i], json);
        }

        var ok = results.Count(r => r.Status is >= 200 and < 300);
        return new IngestionResults(ok, results.Length - ok, results);
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
