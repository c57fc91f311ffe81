using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// The one real PostgreSQL server the test run uses, found once per process: CHANGELEDGER_TEST_DB when set;
/// else a Testcontainers PostgreSQL when a Docker engine answers; else a throwaway cluster started with the
/// machine's own initdb/pg_ctl through deploy/local/postgres.sh. Each test class then gets its own database.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<Server>> Instance = new(StartAsync);

    public sealed record Server(string ConnectionString, string Description);

    public static Task<Server> Get() => Instance.Value;

    private static readonly Lazy<Task<string>> TemplateDatabase = new(CreateTemplate);

    /// <summary>
    /// A database holding the ledger's whole schema and nothing else, built once per run by the service's own
    /// <c>db-apply</c> (what an operator runs): each test class copies it with <c>CREATE DATABASE … TEMPLATE</c> instead
    /// of building the schema again. Nothing ever connects to it afterwards, so copies may be taken at any time.
    /// </summary>
    public static Task<string> Template() => TemplateDatabase.Value;

    private static async Task<string> CreateTemplate()
    {
        var server = await Get();
        var name = "cl_template_" + Guid.NewGuid().ToString("N")[..12];
        await Admin(server, $"create database \"{name}\"");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ChangeLedger.dll"), "db-apply"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = LedgerApp.ContentRoot,
        };
        start.Environment["ConnectionStrings__Ledger"] = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = false }.ConnectionString;
        var (exit, output) = await ServiceProcess.RunToEnd(start);
        if (exit != 0) throw new InvalidOperationException($"db-apply on the template database failed ({exit}): {output}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Admin(server, $"drop database if exists \"{name}\" with (force)").GetAwaiter().GetResult();
        return name;
    }

    /// <summary>Runs one statement on the server's maintenance database (creating and dropping databases).</summary>
    public static async Task Admin(Server server, string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Server> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("CHANGELEDGER_TEST_DB") is { Length: > 0 } configured)
            return Announce(new Server(configured, $"CHANGELEDGER_TEST_DB ({Describe(configured)})"));

        if (await TryContainer() is { } container) return Announce(container);
        return Announce(await StartLocalCluster());
    }

    private static async Task<Server?> TryContainer()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return new Server(container.GetConnectionString(), "Testcontainers postgres:15-alpine");
        }
        catch (DockerUnavailableException)
        {
            return null;
        }
    }

    private static async Task<Server> StartLocalCluster()
    {
        SweepStaleClusters();
        var cluster = await LocalCluster.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new Server(cluster.ConnectionString, $"a throwaway local cluster in {cluster.Root} ({Describe(cluster.ConnectionString)})");
    }

    /// <summary>
    /// A throwaway cluster of the machine's own PostgreSQL (deploy/local/postgres.sh with a folder of its own): the run's
    /// server when none is configured, or a second server for a test that must not share the run's (a hot standby copies
    /// its primary's whole cluster, every other class's database included). Stopped and deleted when disposed.
    /// </summary>
    public sealed class LocalCluster : IAsyncDisposable
    {
        private readonly Dictionary<string, string> _env;

        private LocalCluster(string root, Dictionary<string, string> env) => (Root, _env) = (root, env);

        public string Root { get; }

        public string ConnectionString { get; private set; } = "";

        public static async Task<LocalCluster> Start()
        {
            var root = Path.Combine(Path.GetTempPath(), "changeledger-test-pg-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(root);
            // A throwaway cluster needs no durability and no orderly shutdown: it is deleted right after.
            var cluster = new LocalCluster(root, new Dictionary<string, string>
            {
                ["CHANGELEDGER_PG_ROOT"] = root, ["CHANGELEDGER_PG_FSYNC"] = "off", ["CHANGELEDGER_PG_STOP_MODE"] = "immediate",
            });
            cluster.ConnectionString = (await Run(Script, "start", cluster._env)).Trim().Split('\n')[^1];
            return cluster;
        }

        private static string Script => Path.Combine(RepositoryRoot(), "deploy", "local", "postgres.sh");

        public async ValueTask DisposeAsync()
        {
            await Run(Script, "stop", _env);
            Directory.Delete(Root, recursive: true);
        }
    }

    private static Server Announce(Server server)
    {
        Console.Error.WriteLine($"[ChangeLedger.Tests] PostgreSQL: {server.Description}");
        return server;
    }

    private static int _announced;

    /// <summary>Tells the test runner, once per run, which PostgreSQL the tests use (shown by dotnet test).</summary>
    public static void AnnounceOnce(Server server, IMessageSink sink)
    {
        if (Interlocked.Exchange(ref _announced, 1) == 0)
            sink.OnMessage(new Xunit.Sdk.DiagnosticMessage($"PostgreSQL for this run: {server.Description}"));
    }

    /// <summary>Throwaway clusters of earlier runs that died before cleaning up (their server is gone; the folder is not).</summary>
    private static void SweepStaleClusters()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "changeledger-test-pg-*"))
        {
            if (File.Exists(Path.Combine(dir, "data", "postmaster.pid"))) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { /* another run is creating it right now; it is that run's to remove */ }
            catch (UnauthorizedAccessException) { /* not ours to remove */ }
        }
    }

    private static string Describe(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{csb.Host}:{csb.Port}";
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ChangeLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (ChangeLedger.sln) above " + AppContext.BaseDirectory);
    }

    private static async Task<string> Run(string script, string verb, IDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("bash", [script, verb]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"deploy/local/postgres.sh {verb} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
