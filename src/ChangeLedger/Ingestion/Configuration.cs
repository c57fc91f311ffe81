namespace ChangeLedger.Ingestion;

/// <summary>Registers the ingestion endpoints: typed batches and CloudEvents carrying CDEvents.</summary>
public static class Configuration
{
    public static void MapIngestion(this IEndpointRouteBuilder app)
    {
        IngestBatch.Map(app);
        IngestCdEvents.Map(app);
    }
}
