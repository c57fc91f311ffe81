using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Changes;

/// <summary>A new stream a decision starts next to its own (the children of a split).</summary>
public sealed record StreamStart(string StreamId, object Event);

/// <summary>What one write asks of the ledger: which change, the request as sent, and the pure decision.</summary>
public sealed record WriteCommand<T>(
    string ChangeId,
    string Operation,
    IWriteRequest Request,
    Func<T?, DateTimeOffset, Decision> Decide) where T : class
{
    /// <summary>
    /// Reads a decision needs beyond the write model (the release verdict reads evidence and policy). Runs on
    /// every attempt, after the fetch for writing, so a retry never decides on stale inputs.
    /// </summary>
    public Func<IQuerySession, T, CancellationToken, Task<Func<T?, DateTimeOffset, Decision>>>? Prepare { get; init; }

    /// <summary>Streams to start in the same transaction (split children), computed from the decision's events.</summary>
    public Func<T, IReadOnlyList<object>, IEnumerable<StreamStart>>? Starts { get; init; }

    /// <summary>Where a 201 points; by default the change itself.</summary>
    public string? Location { get; init; } = $"/v1/changes/{Uri.EscapeDataString(ChangeId)}";

    /// <summary>Shapes the answer; the default is 201 with the version.</summary>
    public Func<WriteResult, IReadOnlyList<object>, (int Status, object Body)>? Respond { get; init; }
}

/// <summary>
/// The one path every write takes (changes and policies): fetch the stream for writing, check idempotency and the expected
/// version, run the pure decision, append, commit. Events, projections and the idempotency receipt commit in
/// one transaction, so an acknowledged write is in PostgreSQL and a refused one left nothing behind.
/// </summary>
public sealed class LedgerWriter(IDocumentStore store, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    // Without an expectedVersion the client asked for no concurrency control, so a race with another writer
    // (two CI jobs reporting at once) is retried on fresh state rather than surfaced as a spurious 409.
    private const int Attempts = 5;

    private JsonSerializerOptions Json => json.Value.SerializerOptions;

    public async Task<IResult> Execute<T>(WriteCommand<T> command, CancellationToken ct) where T : class
    {
                var hash = ContentHash(command);

        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var batch = session.CreateBatchQuery();
            var receiptQuery = command.Request.EventId is { } eventId ? batch.Load<IngestionReceipt>(eventId) : null;
            var streamQuery = batch.Events.FetchForWriting<T>(command.ChangeId);
            var chainQuery = batch.Load<Integrity.ChainHead>(command.ChangeId);
            await batch.Execute(ct);
            var stream = await streamQuery;

            if (receiptQuery is not null && await receiptQuery is { } receipt) return Replay(receipt, hash);

            var current = stream.Aggregate;
            if (command.Request.ExpectedVersion is { } expected && expected != stream.StartingVersion)
                return Problems.Result(VersionMismatch(command.ChangeId, expected, stream.StartingVersion ?? 0));

            var decide = command.Prepare is { } prepare && current is not null ? await prepare(session, current, ct) : command.Decide;
            var decision = decide(current, clock.GetUtcNow());
            if (decision.Problem is { } problem) return Problems.Result(problem);

            stream.AppendMany(decision.Events);
            foreach (var start in command.Starts?.Invoke(current!, decision.Events) ?? [])
                session.Events.StartStream<T>(start.StreamId, start.Event);

            var result = new WriteResult(command.ChangeId, stream.CurrentVersion ?? decision.Events.Count);
            var (status, body) = command.Respond?.Invoke(result, decision.Events) ?? (StatusCodes.Status201Created, result);
            if (command.Request.EventId is { } id)
            {
                session.SetHeader("eventId", id);
                session.Insert(new IngestionReceipt(id, command.ChangeId, command.Operation, hash, status,
                    JsonSerializer.Serialize(body, body.GetType(), Json), result.Version, clock.GetUtcNow()));
            }

            Integrity.HashChain.Seal(session, await chainQuery);
            try
            {
                await session.SaveChangesAsync(ct);
                return Answer(command, status, body, result);
            }
            catch (Exception ex) when (IsWriteConflict(ex))
            {
                if (command.Request.EventId is { } replayId && await LoadReceipt(replayId, ct) is { } winner)
                    return Replay(winner, hash);
                if (ex is ExistingStreamIdCollisionException collision)
                    return Problems.Result(Problem.Conflict("change-exists", "A change already exists",
                        $"A change '{collision.Id}' is already recorded, so it cannot be started again."));
                if (command.Request.ExpectedVersion is null && attempt < Attempts) continue;
                var now = await CurrentVersion(command.ChangeId, ct);
                return Problems.Result(VersionMismatch(command.ChangeId, command.Request.ExpectedVersion ?? stream.StartingVersion ?? 0, now));
            }
        }
    }

    private static IResult Answer<T>(WriteCommand<T> command, int status, object body, WriteResult result) where T : class =>
        status == StatusCodes.Status201Created && command.Location is { } location
            ? TypedResults.Created(location, body)
            : Results.Json(body, statusCode: status);

    private IResult Replay(IngestionReceipt receipt, string hash)
    {
        if (receipt.ContentHash != hash)
            return Problems.Result(Problem.Conflict("event-id-reused", "The eventId was already used for different content",
                $"eventId '{receipt.Id}' was recorded at version {receipt.Version} of change '{receipt.ChangeId}' ({receipt.Operation}) with other content. Use a new eventId for a new fact."));
        var body = JsonSerializer.Deserialize<JsonElement>(receipt.ResponseJson);
        if (receipt.StatusCode == StatusCodes.Status201Created && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("replayed", out _))
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(receipt.ResponseJson)!.AsObject();
            node["replayed"] = true;
            return Results.Json(node, statusCode: receipt.StatusCode);
        }
        return Results.Json(body, statusCode: receipt.StatusCode);
    }

    private async Task<IngestionReceipt?> LoadReceipt(string eventId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<IngestionReceipt>(eventId, ct);
    }

    private async Task<long> CurrentVersion(string changeId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return (await query.Events.FetchStreamStateAsync(changeId, ct))?.Version ?? 0;
    }

    private static Problem VersionMismatch(string changeId, long expected, long actual) =>
        Problem.Conflict("version-mismatch", "The change has moved on",
            $"Expected change '{changeId}' at version {expected}, but it is at version {actual}. Read it again and decide on the current state.");

    private static bool IsWriteConflict(Exception ex) =>
        ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException
            or DocumentAlreadyExistsException
        || (ex.InnerException is { } inner && IsWriteConflict(inner));

    private string ContentHash<T>(WriteCommand<T> command) where T : class
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(command.Request, command.Request.GetType(), Json);
        var prefix = Encoding.UTF8.GetBytes($"{command.Operation}\n{command.ChangeId}\n");
        return Convert.ToHexStringLower(SHA256.HashData([.. prefix, .. content]));
    }
}
