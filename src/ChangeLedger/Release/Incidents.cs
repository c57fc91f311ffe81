using System.Text.Json.Serialization;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Release;

/// <summary>
/// Incidents are facts about an environment, recorded through the change write path on the change they were
/// correlated to, and they hold that environment for every change of the same repository: the verdict's
/// <see cref="Verdict.IncidentRule"/>.
/// </summary>
public sealed record DetectIncident(string ChangeId, string IncidentId, string Environment, string? Service, string? Description, string ReportedBy)
    : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<DetectIncidentRequest>("incident_detected", "detect-incident", Permissions.PlaceHold,
        r => Validation.ForWrite(r).Required("incidentId", r.IncidentId).Required("environment", r.Environment, 100).Optional("service", r.Service)
            .Optional("description", r.Description, Validation.Text).Required("reportedBy", r.ReportedBy),
        (id, _, r) => new DetectIncident(id, r.IncidentId!, r.Environment!, r.Service, r.Description, r.ReportedBy!));

    public override WriteKind Kind => Spec;

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) =>
        Guards.Exists(inputs.Change, ChangeId) is { } missing ? missing
            : Decision.Of(new IncidentDetected(ChangeId, IncidentId, Environment, Service, Description, ReportedBy, At(now)));
}

public sealed record ResolveIncident(string ChangeId, string IncidentId, string ResolvedBy, string? Description) : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<ResolveIncidentRequest>("incident_resolved", "resolve-incident", Permissions.LiftHold,
        r => Validation.ForWrite(r).Required("incidentId", r.IncidentId).Required("resolvedBy", r.ResolvedBy).Optional("description", r.Description, Validation.Text),
        (id, _, r) => new ResolveIncident(id, r.IncidentId!, r.ResolvedBy!, r.Description));

    public override WriteKind Kind => Spec;

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) =>
        Guards.Exists(inputs.Change, ChangeId) is { } missing ? missing
            : Decision.Of(new IncidentResolved(ChangeId, IncidentId, ResolvedBy, Description, At(now)));
}

public static class IncidentHolds
{
    /// <summary>The incidents open in <paramref name="environment"/> on any change of <paramref name="repository"/>, in one query.</summary>
    public static async Task<IReadOnlyList<IncidentRecord>> In(IQuerySession session, string repository, string environment, CancellationToken ct) =>
    [
        .. (await session.QueryAsync<ReleaseRecord>(
                $"select d.data -> 'releaseRecord' from {Hosting.LedgerStorage.Schema}.mt_doc_change_record as d where d.data -> 'releaseRecord' -> 'openIncidentEnvironments' @> jsonb_build_array(?::text) and d.summaryrepository = ?",
                ct, environment, repository))
            .SelectMany(r => r.Incidents ?? []).Where(i => i.Environment == environment && i.ResolvedAt is null)
            .OrderBy(i => i.DetectedAt).ThenBy(i => i.IncidentId, StringComparer.Ordinal),
    ];
}
