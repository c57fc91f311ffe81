using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChangeLedger.Ledger;

/// <summary>What a write came to: the status and body it answers with (a <see cref="Problem"/> when refused), where a 201 points, and its events.</summary>
public sealed record WriteOutcome(int Status, object Body, string? Location = null, IReadOnlyList<object>? Events = null)
{
    public Problem? Problem => Body as Problem;

    public static WriteOutcome Refused(Problem problem) => new(problem.Status, problem);

    public IResult ToResult() => Body switch
    {
        Problem problem => Problems.Result(problem),
        _ when Status == StatusCodes.Status201Created && Location is { } location => TypedResults.Created(location, Body),
        _ => Results.Json(Body, statusCode: Status),
    };
}

/// <summary>Idempotency: a write that carried an eventId is answered again, exactly, from the receipt of its first commit.</summary>
/// <summary>What every write carries besides its facts: the client's idempotency key, concurrency guard and business time.</summary>
public sealed record WriteOptions(string? EventId, long? ExpectedVersion, DateTimeOffset? OccurredAt, string ContentHash)
{
    public static readonly WriteOptions None = new(null, null, null, "");
}

public static class Receipts
{
    /// <summary>The header an event carries its request's eventId in, so a trail shows which request wrote what.</summary>
    public const string EventIdHeader = "eventId";

    public static readonly JsonSerializerOptions Json = LedgerJson.Create();

    /// <summary>What a receipt compares a retry with: the operation, the stream and the body as sent (so a retry resends it unchanged).</summary>
    public static string ContentHash(string operation, string streamId, object request)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), Json);
        var prefix = System.Text.Encoding.UTF8.GetBytes($"{operation}\n{streamId}\n");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. prefix, .. content]));
    }

    public static WriteOutcome Replay(IngestionReceipt receipt, string contentHash, string streamId)
    {
        // Another stream's id is named only when it is this same stream: eventIds are global, scopes are not.
        if (receipt.ContentHash != contentHash)
            return WriteOutcome.Refused(Problem.Conflict("event-id-reused", "The eventId was already used for different content",
                receipt.ChangeId == streamId
                    ? $"eventId '{receipt.Id}' was recorded at version {receipt.Version} of change '{streamId}' ({receipt.Operation}) with other content. Use a new eventId for a new fact."
                    : $"eventId '{receipt.Id}' was already used for another write. Use a new eventId for a new fact."));
        var body = JsonNode.Parse(receipt.ResponseJson)!;
        if (body is JsonObject answer && answer.ContainsKey("replayed")) answer["replayed"] = true;
        return new WriteOutcome(receipt.StatusCode, body);
    }
}
