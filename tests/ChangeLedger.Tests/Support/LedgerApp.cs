using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using System.Text.Json;
using Alba;
using ChangeLedger.Hosting;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// The real service, in process, against its own fresh database on the real PostgreSQL server, so test classes
/// run in parallel without seeing each other's changes. One per test class (IClassFixture).
/// </summary>
public class LedgerApp(IMessageSink sink) : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = LedgerJson.Create();

    private PostgresServer.Server? _server;

    public string Database { get; } = "cl_test_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString { get; private set; } = "";

    public IAlbaHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>The hosts' content root, outside the repository: one for the whole test run, so they share one signing key.</summary>
    public static readonly string ContentRoot = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "changeledger-tests", "content-root")).FullName;

    /// <summary>Extra configuration a test class needs (limits, keys), applied before the host starts.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>The root key the service is bootstrapped with; the default client sends it.</summary>
    public string AdminKey { get; init; } = KeySecret.New().ToString();

    /// <summary>Every line the service logged, for tests that check what must never reach a log.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>
    /// The clock the service reads (its <see cref="TimeProvider"/>) when a test class moves time itself instead of
    /// waiting for it to pass; null: the real clock. See <see cref="ClockedLedgerApp"/>.
    /// </summary>
    public FakeTimeProvider? Clock { get; protected init; }

    /// <summary>A clock from the real time on, moved on by a microsecond (what PostgreSQL keeps) each time it is read.</summary>
    protected static FakeTimeProvider MovableClock() => new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMicroseconds(1) };

    public virtual async Task InitializeAsync()
    {
        var server = await PostgresServer.Get();
        PostgresServer.AnnounceOnce(server, sink);
        _server = server;
        // A copy of the run's template holds the whole schema already; a class that restores an old ledger starts empty.
        await PostgresServer.Admin(server, StartsEmpty
            ? $"create database \"{Database}\""
            : $"create database \"{Database}\" template \"{await PostgresServer.Template()}\"");
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Database }.ConnectionString;
        await BeforeStart();

        Host = await StartHost(Settings);
        Client = ClientWith(AdminKey);
    }

    /// <summary>
    /// Another host of the service on this class's database: a second replica, or the service restarted with other
    /// configuration (a rotated key). The caller disposes it.
    /// </summary>
    public Task<IAlbaHost> StartHost(IReadOnlyDictionary<string, string?> settings)
    {
        JasperFxEnvironment.AutoStartHost = true;
        return AlbaHost.For<Program>(web =>
        {
            // The content root is where the service keeps local state (its generated signing key): never the source tree,
            // where `./run.sh` would then pick up a key the tests made.
            web.UseContentRoot(ContentRoot);
            web.UseSetting("ConnectionStrings:Ledger", ServiceConnectionString(ConnectionString));
            web.UseSetting("Access:BootstrapAdminKey", AdminKey);
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureServices(TestServices);
        });
    }

    /// <summary>What every host of this class gets in place of the service's own: the captured log, the clock, the class's own.</summary>
    protected void TestServices(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs));
        if (Clock is not null) services.AddSingleton<TimeProvider>(Clock);
        ConfigureServices(services);
    }

    /// <summary>Services a test class puts in place of the service's own (a name resolver with fixed answers).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>The connection string the service is given: the database's own, unless a test class puts something between.</summary>
    protected virtual string ServiceConnectionString(string connectionString) => connectionString;

    /// <summary>True for a class whose database must start without the schema (it restores an old ledger into it).</summary>
    protected virtual bool StartsEmpty => false;

    /// <summary>What a test class puts into its fresh database before the service first starts on it (an old ledger).</summary>
    protected virtual Task BeforeStart() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_server is not null) await PostgresServer.Admin(_server, $"drop database if exists \"{Database}\" with (force)");
    }

    /// <summary>What the service logged at error level, to explain a 500 in a failing test.</summary>
    public string ServerErrors() => string.Join("\n", Logs.Where(l => l.Contains("LedgerExceptionHandler", StringComparison.Ordinal)).TakeLast(2));

    /// <summary>A client that authenticates with the given key (or none).</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = Host.Server.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Issues a key through the API, as an admin would, and returns the secret.</summary>
    public async Task<string> IssueKey(string name, string[] roles, params string[] repositories)
    {
        var response = await Post("/v1/access/keys", new IssueKeyRequest(name, roles, repositories.Length == 0 ? ["*"] : repositories));
        return (await response.Read<IssuedKey>(201)).Key;
    }

    public Task<HttpResponseMessage> Post(string path, object body) => Client.PostAsync(path, JsonContent.Create(body, body.GetType(), options: Json));

    public Task<HttpResponseMessage> Put(string path, object body) => Client.PutAsync(path, JsonContent.Create(body, body.GetType(), options: Json));

    public async Task<T> Get<T>(string path)
    {
        var response = await Client.GetAsync(path);
        if ((int)response.StatusCode >= 500) throw new ShouldAssertException($"GET {path} failed: {await response.Content.ReadAsStringAsync()}\n{ServerErrors()}");
        await response.ShouldHaveStatus(200);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>Runs SQL against this class's database directly: how tests look behind the API (rows stored, tampering).</summary>
    public async Task<long> Count(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Runs SQL that answers one text value.</summary>
    public async Task<string?> Text(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    /// <summary>Waits until the asynchronous projections (the cross-change views) have caught up with every event.</summary>
    public Task CatchUp() => Marten.Events.TestingExtensions.WaitForNonStaleProjectionDataAsync(Store, TimeSpan.FromSeconds(60));

    public Task<long> EventCount(string changeId) =>
        Count($"select count(*) from {LedgerStorage.Schema}.mt_events where stream_id = '{changeId.Replace("'", "''")}'");
}

/// <summary>
/// The service on a clock the test class moves (<see cref="LedgerApp.Clock"/>): it starts at the real time and each
/// reading moves it on by a microsecond, the resolution PostgreSQL keeps, so what is recorded one after the other keeps
/// its order; a test that needs time to pass advances it instead of sleeping for it.
/// </summary>
public sealed class ClockedLedgerApp : LedgerApp
{
    public ClockedLedgerApp(IMessageSink sink) : base(sink) => Clock = MovableClock();
}
