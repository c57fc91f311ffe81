using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.ReliabilityTests.Support;

namespace ChangeLedger.ReliabilityTests;

/// <summary>
/// A seeded fuzz pass of a few thousand hostile requests over every write endpoint, the batch endpoint and the
/// CDEvents endpoint: no 5xx, every 4xx a problem document, nothing stored for a refused request, the service healthy
/// at the end. The seed is printed; RELIABILITY_FUZZ_SEED=n replays a run.
/// </summary>
public sealed class HostileInputAtVolume(ITestOutputHelper output)
{
    private const int Requests = 3000;

    [Fact(Timeout = 300_000)]
    public async Task thousands_of_hostile_requests_get_no_5xx_only_problem_documents_and_store_nothing_when_refused()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_FUZZ_SEED"), out var given) ? given : Random.Shared.Next();
        output.WriteLine($"fuzz seed: {seed} (RELIABILITY_FUZZ_SEED={seed} replays it)");

        await using var cluster = await Cluster.Shared();
        var database = await cluster.NewDatabase();
        await using var service = new ServiceProcess(Service.Launch, database);
        await service.Start();
        await service.WarmUp();

        using var admin = service.Client();
        var issued = await admin.PostAsJsonAsync("/v1/access/keys", new IssueKeyRequest("fuzz-all", ChangeLedger.Access.Roles.All.ToArray(), ["github.com/acme/*"]), Load.Json);
        issued.EnsureSuccessStatusCode();
        var everything = (await issued.Content.ReadFromJsonAsync<IssuedKey>(Load.Json))!.Key;
        using var writer = service.Client(key: everything);
        var changeId = "fz-" + Guid.NewGuid().ToString("N")[..6];
        (await Load.Send(writer, "/v1/changes", new ProposeChangeRequest(changeId, "github.com/acme/fuzz", "Fuzz target", "c0ffee1", null, "alice", "ci-bot",
            new OriginBody(OriginKind.Human)))).Status.ShouldBe(201);
        (await Load.Send(writer, $"/v1/changes/{changeId}/holds", new PlaceHoldRequest(HoldKind.Manual, "fuzz", "dana", "h1"))).Status.ShouldBe(201);

        var hostile = new HostileRequests(seed, changeId, "h1", [everything, everything, everything, service.AdminKey]);
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var verdicts = 0;
        var clock = Stopwatch.StartNew();
        var stored = await StoredEvents(database);
        for (var n = 0; n < Requests && failures.Count < 20; n++)
        {
            var request = hostile.Next();
            var (status, contentType, body) = await Send(http, request);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var now = await StoredEvents(database);
            var storedByIt = now - stored;
            stored = now;
            var said = $"#{n} {request.Method} {request.Path} [{request.What}] Content-Type '{request.ContentType}' Accept '{request.Accept}' → {status}";
            var shown = body.Length > 400 ? body[..400] + "…" : body;
            if (status is 0 or >= 500)
            {
                failures.Add($"{said}: {shown}");
                continue;
            }
            // The one documented exception (docs/api.md): a release the verdict refuses answers 409 with the verdict, and records it.
            var verdict = status == 409 && request.IsRelease && contentType == "application/json";
            if (verdict) verdicts++;
            else if (status >= 400 && !IsProblem(status, contentType, body)) failures.Add($"{said}: not a problem document ({contentType}) {shown}");
            else if (status >= 400 && storedByIt != 0) failures.Add($"{said}: refused, yet {storedByIt} events were stored");
        }
        var took = clock.Elapsed;

        var ready = await http.GetAsync("/health/ready");
        var afterwards = await Load.Send(writer, "/v1/changes", new ProposeChangeRequest(changeId + "-after", "github.com/acme/fuzz", "After the fuzz", "c0ffee1", null, "alice", "ci-bot",
            new OriginBody(OriginKind.Human)));
        var intact = await Behind.ChainsVerify(admin);
        Figures.Record(output, "hostile-input", new
        {
            seed, requests = statuses.Values.Sum(), seconds = Math.Round(took.TotalSeconds, 1), statuses = statuses.ToDictionary(s => s.Key.ToString(), s => s.Value),
            fiveXx = statuses.Where(s => s.Key >= 500).Sum(s => s.Value), refusedReleaseVerdicts = verdicts, failures = failures.Count, readyAfter = (int)ready.StatusCode, chainsIntact = intact,
        });

        failures.ShouldBeEmpty($"seed {seed}:\n" + string.Join("\n", failures));
        ((int)ready.StatusCode).ShouldBe(200);
        afterwards.Status.ShouldBe(201);
        intact.ShouldBeTrue();
    }

    private static async Task<(int Status, string? ContentType, string Body)> Send(HttpClient http, HostileRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Key.Length > 0) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Key);
        if (request.Accept is { Length: > 0 } accept) message.Headers.TryAddWithoutValidation("Accept", accept);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is { Length: > 0 } type) message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        try
        {
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, null, e.Message);
        }
    }

    private static bool IsProblem(int status, string? contentType, string body)
    {
        if (contentType != "application/problem+json") return false;
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.TryGetProperty("type", out var type) && type.GetString()!.StartsWith("urn:changeledger:problem:", StringComparison.Ordinal)
                && problem.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 }
                && problem.TryGetProperty("status", out var said) && said.GetInt32() == status;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Events of the ledger, not the tombstones Marten writes for the sequence numbers of a failed save.</summary>
    private static Task<long> StoredEvents(string database) =>
        Behind.Scalar(database, $"select count(*) from ledger.mt_events where stream_id <> '{JasperFx.Events.Tombstone.StreamKey}'");
}
