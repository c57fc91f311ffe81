using ChangeLedger.Hosting;
using Marten;
using Wolverine;

namespace ChangeLedger.Integrity;

/// <summary>Registers tamper evidence: the checkpoint events, signing keys, the schedule, the witnesses, the endpoints.</summary>
public static class Configuration
{
    public static StoreOptions AddIntegrity(this StoreOptions opts)
    {
        opts.Events.AddEventType<CheckpointRecorded>();
        opts.Events.AddEventType<LogCheckpointRecorded>();
        opts.Schema.For<ReleaseLogHead>().Identity(h => h.Id);
        return opts;
    }

    public static IServiceCollection AddIntegrity(this IServiceCollection services)
    {
        services.AddHttpClient("witness", c => c.Timeout = TimeSpan.FromSeconds(10));
        // Witness deliveries and scheduled checkpoints wait in PostgreSQL (Wolverine's durable inbox), not in one
        // process's memory: they survive a restart, and one node handles each.
        services.ConfigureWolverine(opts =>
        {
            opts.LocalQueueFor<WitnessCheckpoint>().UseDurableInbox();
            opts.LocalQueueFor<TakeScheduledCheckpoint>().UseDurableInbox();
        });
        services.AddSettings<IntegritySettings>(IntegritySettings.Section);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<IntegritySettings>, IntegritySettingsValidation>();
        return services.AddSingleton<SigningKey>().AddHostedService<CheckpointScheduleStart>();
    }

    public static void MapIntegrity(this IEndpointRouteBuilder app)
    {
        var integrity = app.MapGroup("/v1/integrity").WithTags("Integrity").ProducesAccessProblems();
        TakeCheckpoint.Map(integrity);
        PublicKey.Map(integrity);
        PublishedKeys.Map(integrity);
        VerifyEndpoint.Map(integrity);
        Proofs.Map(integrity);
        ReleaseAttestation.Map(app.MapGroup("/v1/changes").WithTags("Changes").ProducesAccessProblems());
    }
}
