using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using ChangeLedger.Policies;
using ChangeLedger.Release;
using ChangeLedger.Trails;
using JasperFx.Events.Projections;
using Marten;

namespace ChangeLedger.Changes;

/// <summary>Registers the change stream: its events, its projections, and its endpoints.</summary>
public static class Configuration
{
    public static void AddChangeStream(this StoreOptions opts)
    {
        opts.Events.AddEventTypes([
            typeof(ChangeProposed), typeof(ChangeRevised), typeof(OwnershipTransferred), typeof(ValidationRecorded),
            typeof(ReviewDecided), typeof(ChangeSplit), typeof(HoldPlaced), typeof(HoldLifted), typeof(ReleaseVerdictRecorded),
            typeof(ChangeReleased), typeof(ChangeWithdrawn), typeof(ReleasePolicySet),
        ]);

        opts.Projections.Add<ChangeProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ChangeSummaryProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<OwnershipProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<EvidenceProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ReleaseRecordProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<RepositoryPolicyProjection>(ProjectionLifecycle.Inline);

        opts.Schema.For<ChangeSummary>().Identity(x => x.ChangeId)
            .Duplicate(x => x.Repository)
            .Duplicate(x => x.Owner)
            .Duplicate(x => x.RecordedAt, pgType: "timestamptz", notNull: true);
        opts.Schema.For<OwnershipHistory>().Identity(x => x.ChangeId);
        opts.Schema.For<Evidence>().Identity(x => x.ChangeId);
    }

    public static void MapChangeStream(this IEndpointRouteBuilder app)
    {
        var changes = app.MapGroup("/v1/changes").WithTags("Changes").ProducesAccessProblems();
        ProposeChange.Map(changes);
        ReviseChange.Map(changes);
        TransferOwnership.Map(changes);
        RecordValidation.Map(changes);
        DecideReview.Map(changes);
        SplitChange.Map(changes);
        PlaceHold.Map(changes);
        LiftHold.Map(changes);
        WithdrawChange.Map(changes);
        ReleaseChange.Map(changes);
        CheckReadiness.Map(changes);
        ReadChange.Map(changes);
        ListChanges.Map(changes);

        var repositories = app.MapGroup("/v1/repositories").WithTags("Policies").ProducesAccessProblems();
        SetPolicy.Map(repositories);
        GetPolicy.Map(repositories);

        Ingestion.Configuration.MapIngestion(app);
    }
}
