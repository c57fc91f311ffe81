using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Integrity;

/// <summary>Registers tamper evidence: the chain head documents, the checkpoint event, signing, the schedule, the endpoints.</summary>
public static class Configuration
{
    public static StoreOptions AddIntegrity(this StoreOptions opts)
    {
        opts.Events.AddEventType<CheckpointRecorded>();
        return opts;
    }

    public static IServiceCollection AddIntegrity(this IServiceCollection services) =>
        services.AddSingleton<SigningKey>().AddHostedService<CheckpointSchedule>();

    public static void MapIntegrity(this IEndpointRouteBuilder app)
    {
        var integrity = app.MapGroup("/v1/integrity").WithTags("Integrity").ProducesAccessProblems();
        TakeCheckpoint.Map(integrity);
        PublicKey.Map(integrity);
        VerifyEndpoint.Map(integrity);
    }
}
