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

    /// <summary>The authenticated key, stored on every event as <c>recordedBy</c> next to the domain actor in the body.</summary>
    public string RecordedBy { get; init; } = "unknown";

    /// <summary>
    /// Whether the caller may see the stream at all (repository scopes). A stream the caller may not see is
    /// answered as if it did not exist, so a key cannot learn that a change outside its scope exists.
    /// </summary>
    public Func<T, Problem?>? Authorize { get; init; }

    /// <summary>Where a 201 points; by default the change itself.</summary>
    public string? Location { get; init; } = $"/v1/changes/{Uri.EscapeDataString(ChangeId)}";

    /// <summary>Shapes the answer; the default is 201 with the version.</summary>
    public Func<WriteResult, IReadOnlyList<object>, (int Status, object Body)>? Respond { get; init; }
}

/// <summary>What a write came to: the status and body it answers with (a <see cref="Problem"/> when refused), and where a 201 points.</summary>
public sealed record WriteOutcome(int Status, object Body, string? Location = null)
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

/// <summary>
/// The one path every write takes (changes and policies): fetch the stream for writing, check idempotency and the expected
/// version, run the pure decision, append, commit. Events, projections and the idempotency receipt commit in
/// one transaction, so an acknowledged write is in PostgreSQL and a refused one left nothing behind.
/// </summary>
public sealed class LedgerWriter(IDocumentStore store, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    // Without an expectedVersion the client asked for no concurrency control, so a race with another writer
    // (two CI jobs reporting at once) is retried on fresh state rather than surfaced as a spurious 409.
    private const int Attempts = 25;

    private JsonSerializerOptions Json => json.Value.SerializerOptions;

    public async Task<IResult> Execute<T>(WriteCommand<T> command, CancellationToken ct) where T : class =>
        (await Run(command, ct)).ToResult();

    /// <summary>The write itself, answered as data rather than HTTP, so a batch can report each item in its own result.</summary>
    public async Task<WriteOutcome> Run<T>(WriteCommand<T> command, CancellationToken ct) where T : class
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
            var chainHead = await chainQuery;
            // The batch's reads are separate statements: a writer that commits between them leaves the chain head
            // ahead of the fetched stream. That is a race, not tampering; read both again.
            if (chainHead is not null && chainHead.Version > (stream.StartingVersion ?? 0) && attempt < Attempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 + attempt * 4), ct);
                continue;
            }

            var current = stream.Aggregate;
            if (current is not null && command.Authorize?.Invoke(current) is { } hidden) return WriteOutcome.Refused(hidden);
            if (receiptQuery is not null && await receiptQuery is { } receipt) return Replay(receipt, hash, command.ChangeId);

            if (command.Request.ExpectedVersion is { } expected && expected != stream.StartingVersion)
                return WriteOutcome.Refused(VersionMismatch(command.ChangeId, expected, stream.StartingVersion ?? 0));

            var decide = command.Prepare is { } prepare && current is not null ? await prepare(session, current, ct) : command.Decide;
            var decision = decide(current, clock.GetUtcNow());
            if (decision.Problem is { } problem) return WriteOutcome.Refused(problem);

            stream.AppendMany(decision.Events);
            foreach (var start in command.Starts?.Invoke(current!, decision.Events) ?? [])
                session.Events.StartStream<T>(start.StreamId, start.Event);

            session.SetHeader("recordedBy", command.RecordedBy);
            session.LastModifiedBy = command.RecordedBy;
            var result = new WriteResult(command.ChangeId, stream.CurrentVersion ?? decision.Events.Count);
            var (status, body) = command.Respond?.Invoke(result, decision.Events) ?? (StatusCodes.Status201Created, result);
            if (command.Request.EventId is { } id)
            {
                session.SetHeader("eventId", id);
                session.Insert(new IngestionReceipt(id, command.ChangeId, command.Operation, hash, status,
                    JsonSerializer.Serialize(body, body.GetType(), Json), result.Version, clock.GetUtcNow()));
            }

            Integrity.HashChain.Seal(session, chainHead);
            try
            {
                await session.SaveChangesAsync(ct);
                LedgerMetrics.Writes.WithLabels(command.Operation.Split(':')[0], status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
                foreach (var e in decision.Events) LedgerMetrics.EventsAppended.WithLabels(e.GetType().Name).Inc();
                return new WriteOutcome(status, body, status == StatusCodes.Status201Created ? command.Location : null);
            }
            catch (Exception ex) when (IsWriteConflict(ex))
            {
                if (command.Request.EventId is { } replayId && await LoadReceipt(replayId, ct) is { } winner)
                    return Replay(winner, hash, command.ChangeId);
                if (ex is ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException)
                    return WriteOutcome.Refused(StreamExists(command.ChangeId, command.Starts is null));
                if (command.Request.ExpectedVersion is null && attempt < Attempts)
                {
                    // Jitter spreads the contenders out so that each retry has a fair chance to land.
                    await Task.Delay(Random.Shared.Next(1, 5 + attempt * 4), ct);
                    continue;
                }
                var now = await CurrentVersion(command.ChangeId, ct);
                return WriteOutcome.Refused(VersionMismatch(command.ChangeId, command.Request.ExpectedVersion ?? stream.StartingVersion ?? 0, now));
            }
        }
    }

    private static WriteOutcome Replay(IngestionReceipt receipt, string hash, string changeId)
    {
        // Another change's id is named only when it is this same change: eventIds are global, scopes are not.
        if (receipt.ContentHash != hash)
            return WriteOutcome.Refused(Problem.Conflict("event-id-reused", "The eventId was already used for different content",
                receipt.ChangeId == changeId
                    ? $"eventId '{receipt.Id}' was recorded at version {receipt.Version} of change '{changeId}' ({receipt.Operation}) with other content. Use a new eventId for a new fact."
                    : $"eventId '{receipt.Id}' was already used for another write. Use a new eventId for a new fact."));
        var body = System.Text.Json.Nodes.JsonNode.Parse(receipt.ResponseJson)!;
        if (body is System.Text.Json.Nodes.JsonObject answer && answer.ContainsKey("replayed")) answer["replayed"] = true;
        return new WriteOutcome(receipt.StatusCode, body);
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

    private static Problem StreamExists(string changeId, bool self) =>
        Problem.Conflict("change-exists", "The change already exists", self
            ? $"A change '{changeId}' is already recorded; propose under a new id or write to the existing change."
            : $"A change this write would start (a child of '{changeId}') is already recorded; choose child ids that are not in use. Nothing was stored.");

    private static Problem VersionMismatch(string changeId, long expected, long actual) =>
        Problem.Conflict("version-mismatch", "The change has moved on",
            $"Expected change '{changeId}' at version {expected}, but it is at version {actual}. Read it again and decide on the current state.");

    // MT003 is the quick-append function's own version check; under a race it can surface unwrapped.
    private static bool IsWriteConflict(Exception ex) =>
        ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException
            or ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException or DocumentAlreadyExistsException
            or Npgsql.PostgresException { SqlState: "MT003" or "23505" }
        || (ex.InnerException is { } inner && IsWriteConflict(inner));

    private string ContentHash<T>(WriteCommand<T> command) where T : class
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(command.Request, command.Request.GetType(), Json);
        var prefix = Encoding.UTF8.GetBytes($"{command.Operation}\n{command.ChangeId}\n");
        return Convert.ToHexStringLower(SHA256.HashData([.. prefix, .. content]));
    }
}
