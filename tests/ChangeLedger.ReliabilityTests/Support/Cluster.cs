using Npgsql;

namespace ChangeLedger.ReliabilityTests.Support;

/// <summary>
/// A PostgreSQL server for one scenario. A scenario that stops PostgreSQL gets a private cluster started through
/// deploy/local/postgres.sh (never the server CHANGELEDGER_TEST_DB names); one that does not gets its own database on
/// that shared server, or on a private cluster when none is named.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly string? _root;
    private readonly Dictionary<string, string> _env = new();

    private Cluster(string connectionString, string? root)
    {
        ServerConnectionString = connectionString;
        _root = root;
        if (root is not null)
        {
            _env["CHANGELEDGER_PG_ROOT"] = root;
            _env["CHANGELEDGER_PG_FSYNC"] = "on";
        }
    }

    public string ServerConnectionString { get; }

    public bool IsPrivate => _root is not null;

    private static string Script => Path.Combine(Published.RepositoryRoot(), "deploy", "local", "postgres.sh");

    public static async Task<Cluster> Private()
    {
        var root = Path.Combine(Path.GetTempPath(), "changeledger-reliability-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var cluster = new Cluster("", root);
        var url = await cluster.Run("start");
        return new Cluster(url.Split('\n').Last(l => l.StartsWith("Host=", StringComparison.Ordinal)).Trim(), root);
    }

    public static async Task<Cluster> Shared() =>
        Environment.GetEnvironmentVariable("CHANGELEDGER_TEST_DB") is { Length: > 0 } configured ? new Cluster(configured, null) : await Private();

    public Task Start() => Run("start");

    /// <summary>An abrupt stop: the postmaster and its backends die without a checkpoint (pg_ctl -m immediate).</summary>
    public Task StopAbruptly()
    {
        _env["CHANGELEDGER_PG_STOP_MODE"] = "immediate";
        return Run("stop");
    }

    /// <summary>A hung database, not a refusing one: the postmaster and every backend stop (SIGSTOP); sockets stay open.</summary>
    public Task Freeze() => Signal("STOP");

    public Task Thaw() => Signal("CONT");

    private async Task Signal(string signal)
    {
        var pid = (await File.ReadAllLinesAsync(Path.Combine(_root ?? throw new InvalidOperationException("Only a private cluster is frozen."), "data", "postmaster.pid")))[0].Trim();
        var (code, output) = await Shell.Run("bash", ["-c", $"kill -{signal} {pid} $(pgrep -P {pid})"], TimeSpan.FromSeconds(10));
        if (code != 0) throw new InvalidOperationException($"kill -{signal} failed: {output}");
    }

    private async Task<string> Run(string verb)
    {
        if (_root is null) throw new InvalidOperationException("Only a private cluster is started or stopped by a scenario.");
        var (code, output) = await Shell.Run(Script, [verb], TimeSpan.FromMinutes(2), _env);
        if (code != 0) throw new InvalidOperationException($"postgres.sh {verb} failed: {output}");
        return output;
    }

    public async Task<string> NewDatabase()
    {
        var name = "cl_rel_" + Guid.NewGuid().ToString("N")[..10];
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"create database \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_root is null) return;
        _env["CHANGELEDGER_PG_STOP_MODE"] = "immediate";
        await Shell.Run(Script, ["stop"], TimeSpan.FromMinutes(1), _env);
        Directory.Delete(_root, recursive: true);
    }
}
