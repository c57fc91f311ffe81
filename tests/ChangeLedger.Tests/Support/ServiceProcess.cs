using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// The built service as an operator runs it: its own process, environment and exit code, against a database of its own
/// on the test PostgreSQL server (created empty; dropped at the end).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly List<Process> _started = [];
    private string _admin = "";

    public string Database { get; } = "cl_proc_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString { get; private set; } = "";

    public string AdminKey { get; } = ChangeLedger.Access.KeySecret.New().ToString();

    public static async Task<ServiceProcess> WithEmptyDatabase()
    {
        var process = new ServiceProcess();
        var server = await PostgresServer.Get();
        process._admin = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await process.Sql($"create database \"{process.Database}\"");
        process.ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = process.Database, Pooling = false }.ConnectionString;
        return process;
    }

    public async Task Sql(string sql)
    {
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A number from the service's own database.</summary>
    public async Task<long> Count(string sql) => Convert.ToInt64((await Rows(sql)).Single());

    /// <summary>The first column of every row a query answers, as text, from the service's own database.</summary>
    public async Task<List<string>> Rows(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    /// <summary>
    /// As a container runs it: <c>dotnet ChangeLedger.dll</c> from this folder (its working directory), under the
    /// <c>RunAs</c> command (setpriv to the image's user), with only the environment given. Null: the tests' own way.
    /// </summary>
    public (string App, IReadOnlyList<string> RunAs)? AsContainer { get; set; }

    private ProcessStartInfo Start(IDictionary<string, string> environment, params string[] args)
    {
        if (AsContainer is var (app, runAs))
        {
            var contained = runAs.Count == 0
                ? new ProcessStartInfo("dotnet", ["ChangeLedger.dll", .. args])
                : new ProcessStartInfo(runAs[0], [.. runAs.Skip(1), "dotnet", "ChangeLedger.dll", .. args]);
            contained.WorkingDirectory = app;
            contained.RedirectStandardOutput = contained.RedirectStandardError = true;
            contained.Environment.Clear();
            foreach (var (key, value) in environment) contained.Environment[key] = value;
            return contained;
        }
        var dll = Path.Combine(AppContext.BaseDirectory, "ChangeLedger.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = LedgerApp.ContentRoot,
        };
        start.Environment["ConnectionStrings__Ledger"] = ConnectionString;
        start.Environment["Access__BootstrapAdminKey"] = AdminKey;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_CONTENTROOT"] = LedgerApp.ContentRoot;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    /// <summary>Runs the service (or one of its commands) to its end: the exit code and everything it printed.</summary>
    public Task<(int ExitCode, string Output)> Run(IDictionary<string, string> environment, params string[] args) =>
        RunToEnd(Start(environment, args));

    /// <summary>Runs a process that redirects its output to its end (at most 120 s): the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunToEnd(ProcessStartInfo start)
    {
        using var service = Process.Start(start)!;
        var output = service.StandardOutput.ReadToEndAsync();
        var errors = service.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try { await service.WaitForExitAsync(bound.Token); }
        catch (OperationCanceledException) { service.Kill(entireProcessTree: true); throw new TimeoutException("The service did not exit within 120 s:\n" + await output + await errors); }
        return (service.ExitCode, await output + await errors);
    }

    /// <summary>Starts the service on a free port and waits until /health/ready answers 200; the client has the admin key.</summary>
    public async Task<HttpClient> Serve(IDictionary<string, string> environment)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = Start(environment);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.RedirectStandardOutput = start.RedirectStandardError = false;
        var service = Process.Start(start)!;
        _started.Add(service);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        for (var i = 0; i < 240 && !service.HasExited; i++)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return client;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        throw new ShouldAssertException(service.HasExited ? $"The service exited with {service.ExitCode}." : "The service was not ready within 120 s.");
    }

    /// <summary>Stops every process <see cref="Serve"/> started.</summary>
    public async Task StopAll()
    {
        foreach (var service in _started)
        {
            if (!service.HasExited) service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            service.Dispose();
        }
        _started.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAll();
        NpgsqlConnection.ClearAllPools();
        if (_admin.Length > 0) await Sql($"drop database if exists \"{Database}\" with (force)");
    }
}
