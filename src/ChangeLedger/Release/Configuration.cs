using ChangeLedger.Hosting;
using ChangeLedger.Changes;

namespace ChangeLedger.Release;

/// <summary>The release gate: the release and readiness endpoints, incidents, and what runs where.</summary>
public static class Configuration
{
    public static IServiceCollection AddRelease(this IServiceCollection services)
    {
        foreach (var kind in new[] { ReleaseChange.Spec, DetectIncident.Spec, ResolveIncident.Spec })
            services.AddSingleton(kind).AddSingleton(kind.Rules);
        return services.AddSingleton<IRepositoryReads, RepositoryReads>();
    }

    public static void MapRelease(this IEndpointRouteBuilder app)
    {
        var changes = app.MapGroup("/v1/changes").WithTags("Changes").ProducesAccessProblems();
        ReleaseChange.Map(changes);
        CheckReadiness.Map(changes);
        ReadEnvironment.Map(app.MapGroup("/v1/environments").WithTags("Environments").ProducesAccessProblems());
        TraceArtifact.Map(app.MapGroup("/v1/artifacts").WithTags("Environments").ProducesAccessProblems());
        ReadAccumulation.Map(app.MapGroup("/v1/repositories").WithTags("Policies").ProducesAccessProblems());
    }
}
