using ChangeLedger.Hosting;
using ChangeLedger.Contracts;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChangeLedger.Changes;

/// <summary>The change stream: its events, the write model and the per-change views, and its write endpoints.</summary>
public static class Configuration
{
    public static IServiceCollection AddChangeWrites(this IServiceCollection services)
    {
        services.AddScoped<ChangeWrites>().AddSingleton<WriteLanes>().LogOnlyWhatSurvivesRetries<RecordChanges>();
        // Nothing is announced unless a capability that sends events out replaces this.
        services.TryAddSingleton(AnnouncedEvents.None);
        foreach (var kind in new[]
                 {
                     ProposeChange.Spec, ReviseChange.Spec, TransferOwnership.Spec, RecordValidation.Spec, DecideReview.Spec,
                     SplitChange.Spec, PlaceHold.Spec, LiftHold.Spec, WithdrawChange.Spec, RecordAttestation.Spec, MergeChange.Spec,
                 })
            services.AddSingleton(kind).AddSingleton(kind.Rules);
        // Envelopes come only to their endpoint, not in batches: the API reference still reads their rules.
        services.AddSingleton(RecordSignedAttestation.Spec.Rules);
        return services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddOperationTransformer(RecordSignedAttestation.DescribeBodies));
    }

    public static StoreOptions AddChangeStream(this StoreOptions opts)
    {
        opts.Events.AddEventTypes([
            typeof(ChangeProposed), typeof(ChangeRevised), typeof(OwnershipTransferred), typeof(ValidationRecorded),
            typeof(ReviewDecided), typeof(ChangeSplit), typeof(HoldPlaced), typeof(HoldLifted), typeof(ChangeReleased), typeof(ChangeWithdrawn),
            typeof(AttestationRecorded), typeof(ChangeMerged), typeof(AcceptanceCriteriaRevised),
        ]);

        opts.Events.AddEventTypes([typeof(ReleaseVerdictRecorded), typeof(IncidentDetected), typeof(IncidentResolved)]);

        // Inline, one document per change: the write model the decisions lock, and every view a client reads back
        // right after writing, as its slices. The list columns are copied out of the summary slice for the list's SQL.
        opts.Projections.Add<ChangeProjection>(ProjectionLifecycle.Inline);
        // Its own table (mt_doc_change_record): the per-change documents of earlier versions are left as they were, and
        // a rebuild after the upgrade fills this one (docs/operations.md, Upgrading).
        opts.Schema.For<Change>().DocumentAlias("change_record").Identity(x => x.Id)
            .Duplicate(x => x.Summary.Repository)
            .Duplicate(x => x.Summary.Owner)
            .Duplicate(x => x.Summary.RecordedAt, pgType: "timestamptz", notNull: true)
            // Null on rows stored before the column was: Release/Incidents.cs reads those from the document.
            .Duplicate(x => x.ReleaseRecord.HasOpenIncidents, pgType: "boolean");
        opts.Schema.For<CorrelationLink>().Index(x => x.Key);
        return opts;
    }

    public static void MapChangeWrites(this IEndpointRouteBuilder app)
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
        RecordAttestation.Map(changes);
        MergeChange.Map(changes);
    }
}
