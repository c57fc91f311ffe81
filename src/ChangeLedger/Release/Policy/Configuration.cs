using ChangeLedger.Hosting;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;

namespace ChangeLedger.Policies;

/// <summary>Release policies: one event-sourced stream per repository, and its endpoints.</summary>
public static class Configuration
{
    public static StoreOptions AddPolicies(this StoreOptions opts)
    {
        // ReleasePolicySet is only read (the events written before issue 25); every new set appends ReleasePolicyRulesSet.
        opts.Events.AddEventTypes([typeof(ReleasePolicySet), typeof(ReleasePolicyRulesSet), typeof(CodeOwnersSet), typeof(CodeOwnerTeamsSet), typeof(FreezeWindowSet), typeof(FreezeWindowRemoved),
            typeof(FreezeWindowStarted), typeof(FreezeWindowEnded)]);
        opts.Projections.Add<RepositoryPolicyProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<CodeOwnershipProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<TeamDirectoryProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<FreezeWindowProjection>(ProjectionLifecycle.Inline);
        return opts;
    }

    public static IServiceCollection AddPolicyWrites(this IServiceCollection services) =>
        services.AddSingleton(RequestRules.For<Contracts.SetPolicyRequest>(SetPolicy.Validate)).AddSingleton(RequestRules.For<Contracts.CodeOwnersRequest>(SetCodeOwners.Validate))
            .AddSingleton(RequestRules.For<Contracts.CodeOwnerTeamsRequest>(SetCodeOwnerTeams.Validate))
            .AddSingleton(RequestRules.For<Contracts.FreezeWindowRequest>(SetFreezeWindow.Validate))
            .LogOnlyWhatSurvivesRetries<SetPolicy>()
            // A window's starts and ends wait in PostgreSQL (Wolverine's durable inbox): they survive a restart, one node handles each.
            .ConfigureWolverine(opts => opts.LocalQueueFor<RecordFreezeWindowEdge>().UseDurableInbox());

    public static void MapPolicies(this IEndpointRouteBuilder app)
    {
        var repositories = app.MapGroup("/v1/repositories").WithTags("Policies").ProducesAccessProblems();
        SetPolicy.Map(repositories);
        GetPolicy.Map(repositories);
        SetCodeOwners.Map(repositories);
        SetCodeOwnerTeams.Map(repositories);
        var environments = app.MapGroup("/v1/environments").WithTags("Policies").ProducesAccessProblems();
        SetFreezeWindow.Map(environments);
        FreezeWindowTrail.Map(environments);
    }
}
