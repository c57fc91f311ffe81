using ChangeLedger.Hosting;
namespace ChangeLedger.Trails;

/// <summary>Reading changes: one change (now or as of a moment), its trail, and filtered lists.</summary>
public static class Configuration
{
    public static void MapTrails(this IEndpointRouteBuilder app)
    {
        var changes = app.MapGroup("/v1/changes").WithTags("Changes").ProducesAccessProblems();
        ReadChange.Map(changes);
        ReadRuns.Map(changes);
        ListChanges.Map(changes);
    }
}
