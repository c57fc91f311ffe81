using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace ChangeLedger.Testing;

/// <summary>
/// How a test suite runs the built service as its own process: which <c>ChangeLedger.dll</c> (the test build's, or one
/// published from it), the folder it runs in (its content root, never the source tree), the environment every process
/// of the suite gets, and how long a start may take to answer ready. The suites differ only in these values.
/// </summary>
public sealed record ServiceLaunch(Func<Task<string>> Dll, string ContentRoot, IReadOnlyDictionary<string, string> Environment)
{
    public TimeSpan ReadyWithin { get; init; } = TimeSpan.FromSeconds(120);
}

/// <summary>
/// The service as an operator runs it: <c>dotnet ChangeLedger.dll</c> in its own process on a loopback port, against
/// the given database, bootstrapped with an admin key, everything it prints kept. It can run a command to its end,
/// serve until killed (SIGKILL: no shutdown hooks, whatever is in flight is cut), and serve again on the same port.
/// Replicas are several of these on one database.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ServiceLaunch _launch;
    private Process? _serving;

    public ServiceProcess(ServiceLaunch launch, string connectionString)
    {
        _launch = launch;
        ConnectionString = connectionString;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public string ConnectionString { get; }

    public string AdminKey { get; init; } = ChangeLedger.Access.KeySecret.New().ToString();

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Settings beyond the suite's, as environment variables (<c>Integrity__CheckpointInterval</c>); they win over the suite's.</summary>
    public Dictionary<string, string> Settings { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// As a container runs it: <c>dotnet ChangeLedger.dll</c> from this folder (its working directory), under the
    /// <c>RunAs</c> command (setpriv to the image's user), with only <see cref="Settings"/> as its environment: no
    /// connection string, key or setting of the suite's. Null: the suite's way.
    /// </summary>
    public (string App, IReadOnlyList<string> RunAs)? AsContainer { get; init; }

    /// <summary>Everything the process printed, across restarts.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    private async Task<ProcessStartInfo> StartInfo(params string[] args)
    {
        ProcessStartInfo start;
        if (AsContainer is var (app, runAs))
        {
            start = runAs.Count == 0
                ? new ProcessStartInfo("dotnet", ["ChangeLedger.dll", .. args])
                : new ProcessStartInfo(runAs[0], [.. runAs.Skip(1), "dotnet", "ChangeLedger.dll", .. args]);
            start.WorkingDirectory = app;
            start.Environment.Clear();
        }
        else
        {
            start = new ProcessStartInfo("dotnet", [await _launch.Dll(), .. args]) { WorkingDirectory = _launch.ContentRoot };
            start.Environment["ConnectionStrings__Ledger"] = ConnectionString;
            start.Environment["Access__BootstrapAdminKey"] = AdminKey;
            start.Environment["ASPNETCORE_CONTENTROOT"] = _launch.ContentRoot;
            foreach (var (name, value) in _launch.Environment) start.Environment[name] = value;
        }
        foreach (var (name, value) in Settings) start.Environment[name] = value;
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        return start;
    }

    /// <summary>Runs the service (or one of its commands: <c>db-apply</c>) to its end: the exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> Run(params string[] args) => await RunToEnd(await StartInfo(args));

    /// <summary>Runs a process that redirects its output to its end (at most 120 s): the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunToEnd(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try { await process.WaitForExitAsync(bound.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} did not exit within 120 s:\n" + await output + await errors);
        }
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Starts the service on <see cref="Port"/> and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task Start(TimeSpan? readyWithin = null)
    {
        if (_serving is not null) throw new InvalidOperationException("The service is already running; kill it first.");
        var start = await StartInfo();
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        var process = Process.Start(start)!;
        _serving = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (readyWithin ?? _launch.ReadyWithin))
        {
            if (process.HasExited) throw new InvalidOperationException($"The service exited with {process.ExitCode}:\n{Tail()}");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet: the loop asks again until the bound.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The service was not ready within {(readyWithin ?? _launch.ReadyWithin).TotalSeconds} s:\n{Tail()}");
    }

    private string Tail() => string.Join("\n", Output.TakeLast(30));

    /// <summary>kill -9: no graceful shutdown, no flushing, whatever was in flight is cut.</summary>
    public async Task Kill()
    {
        if (_serving is null) return;
        if (!_serving.HasExited) _serving.Kill(entireProcessTree: true);
        await _serving.WaitForExitAsync();
        _serving.Dispose();
        _serving = null;
    }

    /// <summary>A client of the running service that sends the admin key (or the given one).</summary>
    public HttpClient Client(TimeSpan? timeout = null, string? key = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key ?? AdminKey);
        return client;
    }

    public async ValueTask DisposeAsync() => await Kill();
}
