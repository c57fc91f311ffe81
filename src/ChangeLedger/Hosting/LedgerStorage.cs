using ChangeLedger.Changes;
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

    public static WebApplicationBuilder AddLedgerStorage(this WebApplicationBuilder builder, Action<StoreOptions>? capabilities = null)
    {
        builder.Services.AddMarten(services =>
            {
                var opts = new StoreOptions();
                // Read when the store is built, not when the builder is: test hosts override configuration late.
                opts.Connection(ConnectionString(services.GetRequiredService<IConfiguration>()));
                opts.DatabaseSchemaName = Schema;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                // Timestamps are assigned in .NET before inline projections run, so a projection sees the same
                // recordedAt the event row gets, and a rebuild reproduces it exactly.
                opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                opts.Events.EnableUniqueIndexOnEventId = true;
                opts.Events.MetadataConfig.HeadersEnabled = true;
                opts.Events.MetadataConfig.UserNameEnabled = true;
                opts.Events.TimeProvider = new LedgerClock(services.GetRequiredService<TimeProvider>());
                opts.Schema.For<IngestionReceipt>().Identity(r => r.Id);
                capabilities?.Invoke(opts);
                return opts;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine();

        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.ApplicationAssembly = typeof(LedgerStorage).Assembly;
        });
        return builder;
    }

    /// <summary>Fails fast, in words an operator can act on, when PostgreSQL cannot be reached at startup.</summary>
    public static async Task EnsureReachable(IConfiguration configuration, ILogger log, CancellationToken ct)
    {
        var csb = new NpgsqlConnectionStringBuilder(ConnectionString(configuration)) { Timeout = 5 };
        try
        {
            await using var connection = new NpgsqlConnection(csb.ConnectionString);
            await connection.OpenAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            log.LogCritical("Cannot reach PostgreSQL at {Host}:{Port} (database {Database}): {Reason}. " +
                            "Check ConnectionStrings__Ledger, or start a local server with deploy/local/postgres.sh start.",
                csb.Host, csb.Port, csb.Database, ex.Message);
            throw new InvalidOperationException($"PostgreSQL at {csb.Host}:{csb.Port} is unreachable: {ex.Message}", ex);
        }
    }
}
