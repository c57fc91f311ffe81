using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace ChangeLedger.ReliabilityTests.Support;

/// <summary>
/// The published service as its own process on a loopback port, against the given database, bootstrapped with an admin
/// key. It can be killed (SIGKILL, no shutdown hooks) and started again on the same port and database.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private Process? _process;

    public ServiceProcess(string connectionString)
    {
        ConnectionString = connectionString;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public string ConnectionString { get; }

    public int Port { get; }

    public string AdminKey { get; } = ChangeLedger.Access.KeySecret.New().ToString();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Settings for the process beyond the defaults here, as environment variables (Integrity__CheckpointInterval).</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Everything the process printed, across restarts.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public async Task Start(TimeSpan? readyWithin = null)
    {
        var start = new ProcessStartInfo("dotnet", [await Published.Dll()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "changeledger-reliability", "content")).FullName,
        };
        start.Environment["ConnectionStrings__Ledger"] = ConnectionString;
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        start.Environment["ASPNETCORE_CONTENTROOT"] = start.WorkingDirectory;
        start.Environment["Access__BootstrapAdminKey"] = AdminKey;
        start.Environment["Limits__RateLimit__PermitsPerSecond"] = "100000";
        start.Environment["Limits__RateLimit__Burst"] = "100000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Database__ProbeSeconds"] = "1";
        start.Environment["Database__ApplySchemaAtStart"] = "true";
        foreach (var (name, value) in Settings) start.Environment[name] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (readyWithin ?? TimeSpan.FromSeconds(90)))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{string.Join("\n", Output.TakeLast(30))}");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet: the loop asks again until the bound.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The service was not ready in time:\n" + string.Join("\n", Output.TakeLast(30)));
    }

    /// <summary>One proposal and one validation, so the handlers are compiled before a scenario starts timing.</summary>
    public async Task WarmUp()
    {
        using var http = Client();
        var id = "warm-" + Guid.NewGuid().ToString("N")[..8];
        var proposal = new ChangeLedger.Contracts.ProposeChangeRequest(id, "github.com/acme/warm-up", "Warm-up", "c0ffee1", null, "alice", "ci-bot",
            new ChangeLedger.Contracts.OriginBody(ChangeLedger.Contracts.OriginKind.Human));
        (await Load.Send(http, "/v1/changes", proposal)).Status.ShouldBe(201);
        (await Load.Send(http, $"/v1/changes/{id}/validations",
            new ChangeLedger.Contracts.RecordValidationRequest("warm", "c0ffee1", ChangeLedger.Contracts.ValidationOutcome.Passed, "gha"))).Status.ShouldBe(201);
    }

    /// <summary>kill -9: no graceful shutdown, no flushing, whatever was in flight is cut.</summary>
    public async Task Kill()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public HttpClient Client(TimeSpan? timeout = null, string? key = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key ?? AdminKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) await Kill();
    }
}
