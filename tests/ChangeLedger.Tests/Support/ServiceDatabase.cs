using Npgsql;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// A database of its own on the test PostgreSQL server (created empty, or holding the schema already; dropped at the end)
/// and the service processes (<see cref="ServiceProcess"/>) run on it, as an operator runs them: the test build's
/// ChangeLedger.dll, Production.
/// </summary>
public sealed class ServiceDatabase : IAsyncDisposable
{
    /// <summary>How this suite runs the service: the dll beside the tests, the run's content root (one signing key), Production.</summary>
    public static readonly ServiceLaunch Launch = new(
        () => Task.FromResult(Path.Combine(AppContext.BaseDirectory, "ChangeLedger.dll")),
        LedgerApp.ContentRoot,
        new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

    private readonly List<ServiceProcess> _started = [];
    private string _admin = "";

    public string Database { get; } = "cl_proc_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString { get; private set; } = "";

    /// <summary>The root key every process on this database is bootstrapped with.</summary>
    public string AdminKey { get; } = ChangeLedger.Access.KeySecret.New().ToString();

    /// <summary>As a container runs the service (see <see cref="ServiceProcess.AsContainer"/>); null: the suite's way.</summary>
    public (string App, IReadOnlyList<string> RunAs)? AsContainer { get; set; }

    /// <summary>A database without the schema: what <c>db-apply</c> or a restore starts from.</summary>
    public static Task<ServiceDatabase> Empty() => Create(template: null);

    /// <summary>
    /// A database the schema is applied to already: a copy of the run's template, which the service's own <c>db-apply</c>
    /// built (<see cref="PostgresServer.Template"/>), for tests where applying it is not what they look at.
    /// </summary>
    public static async Task<ServiceDatabase> WithSchema() => await Create(await PostgresServer.Template());

    /// <summary>
    /// A database on a server of its own rather than the run's, the schema applied by the service's own <c>db-apply</c>
    /// (the run's template lives on the run's server).
    /// </summary>
    public static async Task<ServiceDatabase> WithSchemaOn(PostgresServer.LocalCluster cluster)
    {
        var database = await Create(template: null, cluster.ConnectionString);
        var (exit, output) = await database.Run(new Dictionary<string, string>(), "db-apply");
        exit.ShouldBe(0, output);
        return database;
    }

    private static async Task<ServiceDatabase> Create(string? template, string? serverConnectionString = null)
    {
        var database = new ServiceDatabase();
        serverConnectionString ??= (await PostgresServer.Get()).ConnectionString;
        database._admin = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await database.Sql(template is null ? $"create database \"{database.Database}\"" : $"create database \"{database.Database}\" template \"{template}\"");
        database.ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database.Database, Pooling = false }.ConnectionString;
        return database;
    }

    public async Task Sql(string sql)
    {
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A number from this database.</summary>
    public async Task<long> Count(string sql) => Convert.ToInt64((await Rows(sql)).Single());

    /// <summary>The first column of every row a query answers, as text, from this database.</summary>
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

    private ServiceProcess Process(IDictionary<string, string> environment) =>
        new(Launch, ConnectionString) { AdminKey = AdminKey, AsContainer = AsContainer, Settings = new(environment, StringComparer.Ordinal) };

    /// <summary>Runs the service (or one of its commands) on this database to its end: the exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> Run(IDictionary<string, string> environment, params string[] args)
    {
        await using var process = Process(environment);
        return await process.Run(args);
    }

    /// <summary>Starts one more service process on this database and waits until it is ready; the client has the admin key.</summary>
    public async Task<HttpClient> Serve(IDictionary<string, string> environment)
    {
        var process = Process(environment);
        _started.Add(process);
        await process.Start();
        return process.Client(TimeSpan.FromSeconds(100));
    }

    /// <summary>Stops every process <see cref="Serve"/> started.</summary>
    public async Task StopAll()
    {
        foreach (var process in _started) await process.DisposeAsync();
        _started.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAll();
        NpgsqlConnection.ClearAllPools();
        if (_admin.Length > 0) await Sql($"drop database if exists \"{Database}\" with (force)");
    }
}
