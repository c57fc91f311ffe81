using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeLedger.Contracts;
using Npgsql;

namespace ChangeLedger.ReliabilityTests.Support;

/// <summary>What one write came to, as its client saw it.</summary>
public sealed record Attempt(string EventId, string ChangeId, object Body, string Path, int Status, TimeSpan Took);

/// <summary>
/// Clients that each propose their own change, then record validations on it, every write with its own eventId, until
/// told to stop or their request budget is spent. Status 0 means no answer (the connection died or the request timed out).
/// </summary>
public sealed class Load(ServiceProcess service, int clients, int maxRequestsPerClient, TimeSpan requestTimeout)
{
    public static readonly JsonSerializerOptions Json = ChangeLedger.Ledger.LedgerJson.Create();

    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    public string Prefix { get; } = "rel-" + Guid.NewGuid().ToString("N")[..6];

    public async Task Run(CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Client(c, stop)));
    }

    private async Task Client(int index, CancellationToken stop)
    {
        using var http = service.Client(requestTimeout);
        var changeId = $"{Prefix}-{index}";
        var proposed = false;
        for (var n = 0; n < maxRequestsPerClient && !stop.IsCancellationRequested; n++)
        {
            var (path, body, eventId) = !proposed
                ? ("/v1/changes", (object)new ProposeChangeRequest(changeId, "github.com/acme/reliability", "Reliability load", "c0ffee1", null, "alice", "ci-bot",
                    new OriginBody(OriginKind.Human), EventId: $"{changeId}:proposed"), $"{changeId}:proposed")
                : ($"/v1/changes/{changeId}/validations", new RecordValidationRequest($"check-{n}", "c0ffee1", ValidationOutcome.Passed, "gha", EventId: $"{changeId}:v{n}"), $"{changeId}:v{n}");
            var status = await Send(http, path, body);
            if (path == "/v1/changes" && status.Status == 201) proposed = true;
            Attempts.Enqueue(new Attempt(eventId, changeId, body, path, status.Status, status.Took));
            if (status.Status is 0 or >= 500) await Task.Delay(100, CancellationToken.None);
        }
    }

    public static async Task<(int Status, TimeSpan Took)> Send(HttpClient http, string path, object body)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.PostAsync(path, JsonContent.Create(body, body.GetType(), options: Json));
            return ((int)response.StatusCode, clock.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            // No answer: the write may or may not have committed; the scenario retries it with its eventId.
            return (0, clock.Elapsed);
        }
    }
}

/// <summary>The ledger's promises, checked behind the API with SQL.</summary>
public static class Behind
{
    public static async Task<long> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>How many events each eventId wrote (the handler stamps the eventId into every event's headers).</summary>
    public static async Task<Dictionary<string, long>> EventsPerEventId(string connectionString, string prefix)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select headers->>'eventId', count(*) from ledger.mt_events where headers->>'eventId' like @p group by 1", connection);
        command.Parameters.AddWithValue("p", prefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>Streams whose versions are not exactly 1..n.</summary>
    public static Task<long> StreamsWithGaps(string connectionString) => Scalar(connectionString,
        $"select count(*) from (select stream_id from ledger.mt_events where stream_id <> '{JasperFx.Events.Tombstone.StreamKey}' " +
        "group by stream_id having max(version) <> count(*) or min(version) <> 1 or count(distinct version) <> count(*)) gaps");

    public static async Task<bool> ChainsVerify(HttpClient http)
    {
        var report = await http.GetFromJsonAsync<JsonElement>("/v1/integrity/verify");
        return report.GetProperty("intact").GetBoolean();
    }
}
