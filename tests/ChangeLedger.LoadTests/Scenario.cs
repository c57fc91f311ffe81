using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Contracts;

namespace ChangeLedger.LoadTests;

/// <summary>What one step of a worker came to: the request's answer, the events it stored, and any refused batch items by status.</summary>
public readonly record struct Outcome(Answer Answer, long Events, IReadOnlyDictionary<int, int>? RefusedItems = null);

/// <summary>A workload: what to create before the clock starts, and what one worker does per step.</summary>
public abstract class Scenario(Options options, LedgerClient client)
{
    protected Options Options { get; } = options;
    protected LedgerClient Client { get; } = client;

    /// <summary>Unique per run, so runs against the same database never collide on change ids or event ids.</summary>
    protected string Run { get; } = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4]);

    private long _sequence;

    protected string NextEventId(int worker) =>
        $"load-{Run}-{worker}-{Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture)}";

    public static Scenario For(Options options, LedgerClient client) => options.Scenario switch
    {
        "single" => new SingleWrites(options, client),
        "batch" => new BatchWrites(options, client),
        _ => new Reads(options, client),
    };

    /// <summary>Creates what the timed part needs; answers how many events it stored. Any refusal aborts the run.</summary>
    public virtual Task<long> Seed() => Task.FromResult(0L);

    public abstract Task<Outcome> Step(int worker);

    protected ProposeChangeRequest Proposal(string changeId, int worker) => new(
        changeId, $"github.com/load/repo{worker % 8}", "Load test change", "a1b2c3d", null, "alice", "ci-bot",
        new OriginBody(OriginKind.Generated, "claude-code", "opus", RequestedBy: "bob"), EventId: NextEventId(worker));

    protected RecordValidationRequest Validation(int worker, long n) => new(
        $"check-{n % 5}", "a1b2c3d", n % 7 == 0 ? ValidationOutcome.Failed : ValidationOutcome.Passed, "github-actions",
        RunUrl: $"https://ci.example/runs/{n}", DurationMs: 1000 + n % 5000, EventId: NextEventId(worker));

    protected static JsonObject Item(string type, string changeId, object body)
    {
        var item = JsonSerializer.SerializeToNode(body, body.GetType(), LedgerClient.Json)!.AsObject();
        item["type"] = type;
        item["changeId"] = changeId;
        return item;
    }

    /// <summary>Posts a batch and counts its accepted items and its refused items by status.</summary>
    protected async Task<Outcome> PostBatch(IReadOnlyList<JsonObject> items)
    {
        var answer = await Client.Post("/v1/events", new JsonArray([.. items]));
        if (!answer.Ok) return new Outcome(answer, 0);
        var results = JsonSerializer.Deserialize<IngestionResults>(answer.Body, LedgerClient.Json)!;
        var refused = results.Results.Where(r => r.Status is < 200 or >= 300).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        return new Outcome(answer, results.Accepted, refused.Count > 0 ? refused : null);
    }

    /// <summary>Seeding must succeed completely, or the figures that follow would measure refusals.</summary>
    protected async Task<long> SeedBatches(IEnumerable<JsonObject> items)
    {
        long stored = 0;
        foreach (var chunk in items.Chunk(100))
        {
            var outcome = await PostBatch(chunk);
            if (!outcome.Answer.Ok || outcome.RefusedItems is not null)
                throw new InvalidOperationException($"seeding failed: HTTP {outcome.Answer.Status} {outcome.Answer.Error}, refused items " +
                    $"{string.Join(", ", outcome.RefusedItems?.Select(r => $"{r.Key}×{r.Value}") ?? [])}: {Truncate(outcome.Answer.Body)}");
            stored += outcome.Events;
        }
        return stored;
    }

    private static string Truncate(string text) => text.Length > 400 ? text[..400] + "…" : text;
}

/// <summary>
/// Each worker proposes its own change, then posts validations to it one by one (POST /v1/changes/{id}/validations);
/// after <c>--per-change</c> validations it moves on to a new change, as a CI pipeline would for the next PR.
/// </summary>
public sealed class SingleWrites(Options options, LedgerClient client) : Scenario(options, client)
{
    private readonly string?[] _change = new string?[options.Concurrency];
    private readonly int[] _posted = new int[options.Concurrency];
    private readonly int[] _changes = new int[options.Concurrency];
    private long _validations;

    public override async Task<Outcome> Step(int worker)
    {
        if (_change[worker] is null || _posted[worker] >= Options.PerChange)
        {
            var id = $"load-{Run}-s{worker}-{_changes[worker]++}";
            var proposed = await Client.Post("/v1/changes", Proposal(id, worker));
            (_change[worker], _posted[worker]) = proposed.Ok ? (id, 0) : (null, 0);
            return new Outcome(proposed, proposed.Ok ? 1 : 0);
        }
        var n = Interlocked.Increment(ref _validations);
        var answer = await Client.Post($"/v1/changes/{Uri.EscapeDataString(_change[worker]!)}/validations", Validation(worker, n));
        _posted[worker]++;
        return new Outcome(answer, answer.Ok ? 1 : 0);
    }
}

/// <summary>
/// POST /v1/events with <c>--batch-size</c> validation_recorded items spread round-robin over <c>--batch-changes</c>
/// changes that belong to the worker (so batches from different workers never race on one stream).
/// </summary>
public sealed class BatchWrites(Options options, LedgerClient client) : Scenario(options, client)
{
    private readonly int[] _offset = new int[options.Concurrency];
    private long _validations;

    private string ChangeOf(int worker, int j) => $"load-{Run}-b{worker}-{j}";

    public override Task<long> Seed() => SeedBatches(
        from worker in Enumerable.Range(0, Options.Concurrency)
        from j in Enumerable.Range(0, Options.BatchChanges)
        let id = ChangeOf(worker, j)
        select Item("change_proposed", id, Proposal(id, worker)));

    public override Task<Outcome> Step(int worker)
    {
        var items = new List<JsonObject>(Options.BatchSize);
        for (var i = 0; i < Options.BatchSize; i++)
        {
            var change = ChangeOf(worker, (_offset[worker] + i) % Options.BatchChanges);
            items.Add(Item("validation_recorded", change, Validation(worker, Interlocked.Increment(ref _validations))));
        }
        _offset[worker] = (_offset[worker] + Options.BatchSize) % Options.BatchChanges;
        return PostBatch(items);
    }
}

/// <summary>GET /v1/changes/{id} and /v1/changes/{id}/evidence, alternating, over <c>--read-changes</c> changes with 6 events each.</summary>
public sealed class Reads(Options options, LedgerClient client) : Scenario(options, client)
{
    private readonly long[] _steps = new long[options.Concurrency];

    private string ChangeOf(int j) => $"load-{Run}-r{j}";

    public override Task<long> Seed() => SeedBatches(
        from j in Enumerable.Range(0, Options.ReadChanges)
        from k in Enumerable.Range(0, 6)
        select k == 0
            ? Item("change_proposed", ChangeOf(j), Proposal(ChangeOf(j), j))
            : Item("validation_recorded", ChangeOf(j), Validation(j, k)));

    public override async Task<Outcome> Step(int worker)
    {
        var id = Uri.EscapeDataString(ChangeOf(Random.Shared.Next(Options.ReadChanges)));
        var path = _steps[worker]++ % 2 == 0 ? $"/v1/changes/{id}" : $"/v1/changes/{id}/evidence";
        return new Outcome(await Client.Get(path), 0);
    }
}
