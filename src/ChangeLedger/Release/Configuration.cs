using ChangeLedger.Hosting;
using ChangeLedger.Changes;
using JasperFx.Events.Projections;
using Marten;

namespace ChangeLedger.Release;

/// <summary>The release gate: verdict events, the release record, the release and readiness endpoints, and what runs where.</summary>
public static class Configuration
{
    public static IServiceCollection AddRelease(this IServiceCollection services)
    {
        foreach (var kind in new[] { ReleaseChange.Spec, DetectIncident.Spec, ResolveIncident.Spec })
            services.AddSingleton(kind).AddSingleton(kind.Rules);
        return services;
    }

    public static StoreOptions AddRelease(this StoreOptions opts)
    {
        opts.Events.AddEventTypes([typeof(ReleaseVerdictRecorded), typeof(IncidentDetected), typeof(IncidentResolved)]);
        opts.Projections.Add<ReleaseRecordProjection>(ProjectionLifecycle.Inline);
        return opts;
    }

    public static void MapRelease(this IEndpointRouteBuilder app)
    {
        var changes = app.MapGroup("/v1/changes").WithTags("Changes").ProducesAccessProblems();
        ReleaseChange.Map(changes);
        CheckReadiness.Map(changes);
        ReadEnvironment.Map(app.MapGroup("/v1/environments").WithTags("Environments").ProducesAccessProblems());
        TraceArtifact.Map(app.MapGroup("/v1/artifacts").WithTags("Environments").ProducesAccessProblems());
    }
}
