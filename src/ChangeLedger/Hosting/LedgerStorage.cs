using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Weasel.Core;
using Wolverine;
using Wolverine.Marten;

namespace ChangeLedger.Hosting;

/// <summary>Marten as the ledger's event store, and Wolverine on top of it for messaging and the outbox.</summary>
public static class LedgerStorage
{
    public const string ConnectionName = "Ledger";
    public const string Schema = "ledger";

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "No PostgreSQL connection string: set ConnectionStrings:Ledger (environment ConnectionStrings__Ledger), " +
                "or start the service with ./run.sh, which starts a local PostgreSQL for you.");

    /// <summary>
    /// Holds back what the outage already said, without touching the configured levels. The logging rule selector
    /// applies exactly one rule per provider and category, so a filter rule of its own (AddFilter) would win over
    /// <c>Logging:LogLevel:Default</c> and let Debug through; the check joins every configured rule instead, and a
    /// catch-all at the minimum level carries it for categories no rule names.
    /// </summary>
    public static void QuietDuring(DatabaseOutage outage, LoggerFilterOptions options)
    {
        var rules = options.Rules.Select(r => new LoggerFilterRule(r.ProviderName, r.CategoryName, r.LogLevel,
            (provider, category, level) => (r.Filter?.Invoke(provider, category, level) ?? true) && !outage.Quiet(category, level))).ToList();
        if (!rules.Any(r => r.ProviderName is null && r.CategoryName is null))
            rules.Insert(0, new LoggerFilterRule(null, null, options.MinLevel, (_, category, level) => !outage.Quiet(category, level)));
        options.Rules.Clear();
        foreach (var rule in rules) options.Rules.Add(rule);
    }

    public static WebApplicationBuilder AddLedgerStorage(this WebApplicationBuilder builder, Action<StoreOptions>? capabilities = null)
    {
        var outage = new DatabaseOutage(TimeProvider.System);
        builder.Services.AddSingleton(outage).AddSingleton<LedgerMartenLogger>().AddHostedService<DatabaseWatch>();
        builder.Services.AddSingleton<LedgerNotifications>().AddHostedService(sp => sp.GetRequiredService<LedgerNotifications>());
        builder.Services.AddSingleton<LedgerReplica>().AddScoped<ListingSession>();
        builder.Services.PostConfigure<LoggerFilterOptions>(options => QuietDuring(outage, options));
        OutageLogging.Decorate(builder.Services, outage);
        builder.Services.AddMarten(services =>
            {
                var opts = new StoreOptions();
                // Read when the store is built, not when the builder is: test hosts override configuration late.
                opts.Connection(Tuned(ConnectionString(services.GetRequiredService<IConfiguration>())));
                opts.DatabaseSchemaName = Schema;
                // Production never changes the schema as a side effect of starting or of a request: db-apply does.
                opts.AutoCreateSchemaObjects = AppliesSchema(services) ? AutoCreate.CreateOrUpdate : AutoCreate.None;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                // Timestamps are assigned in .NET before inline projections run, so a projection sees the same
                // recordedAt the event row gets, and a rebuild reproduces it exactly.
                opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                opts.Events.EnableUniqueIndexOnEventId = true;
                // A write fetches the change's document under its lock; the inline projection then applies the new events
                // to that same instance instead of loading the row a second time. Safe: the documents are immutable records.
                opts.Events.UseIdentityMapForAggregates = true;
                opts.Events.MetadataConfig.HeadersEnabled = true;
                opts.Events.MetadataConfig.UserNameEnabled = true;
                opts.Events.TimeProvider = new LedgerClock(services.GetRequiredService<TimeProvider>());
                opts.Schema.For<IngestionReceipt>().Identity(r => r.Id);
                opts.Schema.For<ChainHead>().Identity(x => x.Id);
                // The one choke point: every append is stamped with its recorder and sealed into its chain.
                opts.Listeners.Add(new LedgerSessionListener());
                opts.Logger(services.GetRequiredService<LedgerMartenLogger>());
                // The daemon polls for new events every 5 s when quiet (250 ms once busy) instead of every second: each poll is
                // four statements, the largest share of an idle service's work. A NOTIFY per append was tried: it woke the
                // daemon for each write and cost a fifth of the write throughput. Only PersonActivity is asynchronous.
                opts.Projections.SlowPollingTime = TimeSpan.FromSeconds(5);
                capabilities?.Invoke(opts);
                return opts;
            })
            .UseLightweightSessions()
            // Wolverine distributes the asynchronous projections across nodes (one runs each; on failover another takes it).
            .IntegrateWithWolverine(w => w.UseWolverineManagedEventSubscriptionDistribution = true);

        builder.Services.AddHostedService<SchemaAtStart>().AddAsyncWolverineExtension<WolverineSchemaAtStart>();
        builder.Host.UseWolverine(opts =>
        {
            // The handlers' code is generated ahead (`codegen write` into Internal/Generated, checked in and kept current by
            // a test), so nothing compiles at start and Roslyn is not shipped.
            opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
            opts.Policies.AutoApplyTransactions();
            opts.ApplicationAssembly = typeof(LedgerStorage).Assembly;
            WriteConflicts.Retry(opts);
            // Chosen, not defaulted: nothing here is time-critical, and an idle ledger should cost close to nothing.
            // Also how soon a rescheduled retry or a replayed dead letter is picked up again (Wolverine:ScheduledJobPollingTime).
            // Read here, where Wolverine is configured; a value that is not a time span in range stops the start (MessagingSettings).
            opts.Durability.ScheduledJobPollingTime =
                TimeSpan.TryParse(builder.Configuration[MessagingSettings.Section + ":" + nameof(MessagingSettings.ScheduledJobPollingTime)],
                    System.Globalization.CultureInfo.InvariantCulture, out var polling) && polling > TimeSpan.Zero
                    ? polling : new MessagingSettings().ScheduledJobPollingTime;
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(10);
            opts.Durability.NodeReassignmentPollingTime = TimeSpan.FromMinutes(1);
            opts.Durability.MetricsCollectionSamplingInterval = TimeSpan.FromMinutes(1);
            // Writes are invoked inline; the durable messages are checkpoints (the scheduled one, the witness delivery), a few an
            // hour, and the webhook announcements of holds, releases and reviews with their deliveries (none without a
            // subscriber), so there are few envelopes to count or sweep; the agents still run, and recover what a dead node leaves.
            opts.Durability.DurabilityMetricsEnabled = false;
            opts.Durability.HandledMessageCleanupPollingTime = TimeSpan.FromMinutes(5);
            opts.Durability.OrphanedMessageSweepPollingTime = TimeSpan.FromMinutes(5);
            opts.Durability.NodeAssignmentHealthCheckTracingEnabled = false;
        });
        return builder;
    }

    public static bool AppliesSchema(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseSettings>>().Value.AppliesSchema(services.GetRequiredService<IHostEnvironment>());

    /// <summary>
    /// Where the schema must be applied by hand (Production): whether it matches what this version needs. Logs what to
    /// run and answers false when it does not.
    /// </summary>
    public static async Task<bool> SchemaIsCurrent(IServiceProvider services, ILogger log, CancellationToken ct)
    {
        if (AppliesSchema(services)) return true;
        var store = services.GetRequiredService<IDocumentStore>();
        var migration = await store.Storage.Database.CreateMigrationAsync(ct);
        if (migration.Difference == Weasel.Core.SchemaPatchDifference.None) return true;
        log.LogCritical("The ledger schema in PostgreSQL is behind this version ({Difference}). Apply it first with " +
                        "`dotnet ChangeLedger.dll db-apply` (same configuration), or set Database__ApplySchemaAtStart=true.",
            migration.Difference == Weasel.Core.SchemaPatchDifference.Create ? "missing" : "needs changes");
        return false;
    }

    /// <summary>
    /// Pool settings measured to matter on the write path (docs/benchmarks.md): no DISCARD ALL on every checkout (the
    /// ledger sets no session state) and automatic preparation of the few statements it repeats. An explicit setting
    /// in the configured connection string wins.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToLowerInvariant().Replace(" ", "");
        if (!given.Contains("noresetonclose")) csb.NoResetOnClose = true;
        if (!given.Contains("maxautoprepare")) csb.MaxAutoPrepare = 100;
        if (!given.Contains("autoprepareminusages")) csb.AutoPrepareMinUsages = 2;
        // A database that stops answering turns into 503s within these bounds instead of requests that hang.
        if (!System.Text.RegularExpressions.Regex.IsMatch(given, @"(^|;)timeout=")) csb.Timeout = 5;
        if (!given.Contains("commandtimeout")) csb.CommandTimeout = 15;
        return csb.ConnectionString;
    }

    /// <summary>
    /// Fails fast, in words an operator can act on, when PostgreSQL cannot be reached at startup: logs why and answers
    /// false, so the process exits non-zero with that message alone (no unhandled-exception trace, no abort).
    /// </summary>
    public static async Task<bool> IsReachable(IConfiguration configuration, ILogger log, CancellationToken ct)
    {
        var csb = new NpgsqlConnectionStringBuilder(ConnectionString(configuration)) { Timeout = 5 };
        try
        {
            await using var connection = new NpgsqlConnection(csb.ConnectionString);
            await connection.OpenAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            log.LogCritical("PostgreSQL at {Host}:{Port} (database {Database}) is unreachable: {Reason}. " +
                            "Check ConnectionStrings__Ledger, or start a local server with deploy/local/postgres.sh start.",
                csb.Host, csb.Port, csb.Database, ex.Message);
            return false;
        }
    }
}

/// <summary>Where the schema is applied at start (Development, or Database:ApplySchemaAtStart=true): before Wolverine starts.</summary>
public sealed class SchemaAtStart(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (LedgerStorage.AppliesSchema(services))
            await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Wolverine's own tables follow the same rule, decided when Wolverine starts (test hosts set configuration late).</summary>
public sealed class WolverineSchemaAtStart(IServiceProvider services) : IAsyncWolverineExtension
{
    public ValueTask Configure(WolverineOptions options)
    {
        options.AutoBuildMessageStorageOnStartup = LedgerStorage.AppliesSchema(services) ? AutoCreate.CreateOrUpdate : AutoCreate.None;
        return ValueTask.CompletedTask;
    }
}
