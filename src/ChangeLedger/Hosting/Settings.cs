using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Hosting;

/// <summary>Database: how often an idle service probes PostgreSQL, and whether a start may change the schema.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Database";

    [Range(0.1, 3600, ErrorMessage = "Database:ProbeSeconds (Database__ProbeSeconds) must be between {1} and {2} seconds.")]
    public double ProbeSeconds { get; set; } = 5;

    /// <summary>
    /// True: a start creates and migrates the schema. False: a start only checks it and refuses to run when it is behind
    /// (apply it with <c>dotnet ChangeLedger.dll db-apply</c>). Unset: true in Development, false elsewhere.
    /// </summary>
    public bool? ApplySchemaAtStart { get; set; }

    public bool AppliesSchema(IHostEnvironment environment) => ApplySchemaAtStart ?? environment.IsDevelopment();
}

/// <summary>Wolverine: how often the durability agent looks for due scheduled messages (retries, replays, the checkpoint).</summary>
public sealed class MessagingSettings
{
    public const string Section = "Wolverine";

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Wolverine:ScheduledJobPollingTime (Wolverine__ScheduledJobPollingTime) must be between {1} and {2}.")]
    public TimeSpan ScheduledJobPollingTime { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Limits: request bodies and batch sizes.</summary>
public sealed class LimitsSettings
{
    public const string Section = "Limits";

    [Range(1024, 1L << 30, ErrorMessage = "Limits:MaxRequestBodyBytes (Limits__MaxRequestBodyBytes) must be between {1} and {2} bytes.")]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    [Range(1, 10_000, ErrorMessage = "Limits:MaxBatchItems (Limits__MaxBatchItems) must be between {1} and {2}.")]
    public int MaxBatchItems { get; set; } = 500;
}

/// <summary>Limits:RateLimit: the token bucket each API key (or client address) draws from.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "Limits:RateLimit";

    [Range(1, 1_000_000, ErrorMessage = "Limits:RateLimit:PermitsPerSecond (Limits__RateLimit__PermitsPerSecond) must be between {1} and {2}.")]
    public int PermitsPerSecond { get; set; } = 200;

    [Range(1, 1_000_000, ErrorMessage = "Limits:RateLimit:Burst (Limits__RateLimit__Burst) must be between {1} and {2}.")]
    public int Burst { get; set; } = 400;
}

/// <summary>Projections: how far the asynchronous projections may lag before the service reports itself not ready.</summary>
public sealed class ProjectionSettings
{
    public const string Section = "Projections";

    [Range(0, long.MaxValue, ErrorMessage = "Projections:MaxLagEvents (Projections__MaxLagEvents) must be 0 or more events.")]
    public long MaxLagEvents { get; set; } = 10_000;
}

/// <summary>
/// Every setting is bound to an options class and validated when the service starts: a bad value stops it with one line
/// naming the setting, not a failure on the first request that reads it.
/// </summary>
public static class Settings
{
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    public static WebApplicationBuilder AddLedgerSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<DatabaseSettings>(DatabaseSettings.Section);
        builder.Services.AddSettings<LimitsSettings>(LimitsSettings.Section);
        builder.Services.AddSettings<RateLimitSettings>(RateLimitSettings.Section);
        builder.Services.AddSettings<ProjectionSettings>(ProjectionSettings.Section);
        builder.Services.AddSettings<MessagingSettings>(MessagingSettings.Section);
        return builder;
    }

    /// <summary>
    /// Runs every start-time validation now, so the process can exit with the settings at fault and nothing else (no
    /// stack trace). Answers false after logging them.
    /// </summary>
    public static bool AreValid(IServiceProvider services, ILogger log)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            var failures = ex is AggregateException all ? all.InnerExceptions.Select(Message) : [Message(ex)];
            log.LogCritical("Invalid configuration: {Failures}", string.Join(" ", failures.Distinct()));
            return false;
        }
    }

    /// <summary>
    /// What a command (db-apply, projections …) is judged by: the settings the storage reads. The rest (the signing key,
    /// issuers, limits) belong to the running service, and a one-shot schema job is not given them.
    /// </summary>
    public static bool StorageSettingsAreValid(IServiceProvider services, ILogger log)
    {
        try
        {
            _ = services.GetRequiredService<IOptions<DatabaseSettings>>().Value;
            _ = services.GetRequiredService<IOptions<MessagingSettings>>().Value;
            return true;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            log.LogCritical("Invalid configuration: {Failures}", Message(ex));
            return false;
        }
    }

    private static string Message(Exception ex) => ex switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        // The binder names the key it could not convert ("Failed to convert configuration value at 'Limits:MaxBatchItems' …").
        _ => ex.Message,
    };
}
