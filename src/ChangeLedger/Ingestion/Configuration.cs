using ChangeLedger.Hosting;

namespace ChangeLedger.Ingestion;

/// <summary>CdEvents: how POST /v1/cdevents answers events the ledger has no use for (docs/cdevents.md).</summary>
public sealed class IngestionSettings
{
    public const string Section = "CdEvents";

    /// <summary>False (default): a foreign or uncorrelated event is answered 202 and ignored. True: it is refused with 422.</summary>
    public bool Strict { get; set; }
}

/// <summary>Ingestion: typed batches and CloudEvents carrying CDEvents, both running the change writes' own kinds.</summary>
public static class Configuration
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddSettings<IngestionSettings>(IngestionSettings.Section);
        return services.AddSingleton<WriteKinds>().AddBatchSchema();
    }

    public static void MapIngestion(this IEndpointRouteBuilder app)
    {
        IngestBatch.Map(app);
        IngestCdEvents.Map(app);
    }
}
