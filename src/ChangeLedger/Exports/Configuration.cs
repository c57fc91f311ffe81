using ChangeLedger.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace ChangeLedger.Exports;

/// <summary>Registers compliance exports and the per-person view behind the reviewer and owner queries.</summary>
public static class Configuration
{
    public static StoreOptions AddExports(this StoreOptions opts)
    {
        opts.Projections.Add<PersonActivityProjection>(ProjectionLifecycle.Inline);
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
