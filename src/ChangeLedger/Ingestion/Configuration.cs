namespace ChangeLedger.Ingestion;

/// <summary>Ingestion: typed batches and CloudEvents carrying CDEvents, both running the change writes' own kinds.</summary>
public static class Configuration
{
    public static IServiceCollection AddIngestion(this IServiceCollection services) => services.AddSingleton<WriteKinds>().AddBatchSchema();

    public static void MapIngestion(this IEndpointRouteBuilder app)
    {
        IngestBatch.Map(app);
        IngestCdEvents.Map(app);
    }
}
