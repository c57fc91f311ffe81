using ChangeLedger.Hosting;

namespace ChangeLedger.Ingestion;

/// <summary>CdEvents: how POST /v1/cdevents answers events the ledger has no use for (docs/cdevents.md).</summary>
public sealed class IngestionSettings
{
    public const string Section = "CdEvents";

    /// <summary>
    /// False (default): a foreign or uncorrelated event is answered 202 and ignored, a nonconforming one recorded and
    /// flagged. True: the first two are refused with 422, a nonconforming one with 400.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>Deployment targets named by a cluster URL (and a namespace) mapped to ledger environments.</summary>
    public List<ClusterEnvironment> Environments { get; set; } = [];
}

/// <summary>One <c>CdEvents:Environments</c> entry: a cluster's URL, optionally one namespace of it, and the ledger environment it is.</summary>
public sealed class ClusterEnvironment
{
    [System.ComponentModel.DataAnnotations.Required] public string? Cluster { get; set; }
    public string? Namespace { get; set; }
    [System.ComponentModel.DataAnnotations.Required] public string? Name { get; set; }
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
