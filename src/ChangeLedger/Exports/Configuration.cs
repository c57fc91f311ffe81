using ChangeLedger.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace ChangeLedger.Exports;

/// <summary>Registers compliance exports and the per-person view behind the reviewer and owner queries.</summary>
public static class Configuration
{
    public static StoreOptions AddExports(this StoreOptions opts)
    {
        // A cross-change view: asynchronous, so a write never waits on it (its lag is on /health/ready).
        opts.Projections.Add<PersonActivityProjection>(ProjectionLifecycle.Async);
        opts.Schema.For<PersonActivity>().Identity(x => x.Id).Duplicate(x => x.Person);
        return opts;
    }

    public static void MapExports(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/v1/exports").WithTags("Exports").ProducesAccessProblems();
        ExportOwnership.Map(exports);
        ExportTrail.Map(exports);
        OwnerChanges.Map(app);
    }
}
