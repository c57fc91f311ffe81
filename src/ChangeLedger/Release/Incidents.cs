using System.Text.Json.Serialization;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Policies;
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

/// <summary>What the engine reads for a release decision, from the gate that owns it: the policy in force, the open incidents, the code owners.</summary>
public sealed class RepositoryReads : IRepositoryReads
{
    public Task<ReleasePolicy> PolicyInForce(IQuerySession session, string repository, CancellationToken ct) => GetPolicy.InForce(session, repository, null, ct);

    public Task<IReadOnlyList<IncidentRecord>> OpenIncidents(IQuerySession session, string repository, CancellationToken ct) => IncidentHolds.Open(session, repository, ct);

    public Task<CodeOwnersInForce> CodeOwners(IQuerySession session, string repository, CancellationToken ct) => CodeOwnersReads.InForce(session, repository, ct);
    public async Task<IReadOnlyList<FreezeWindow>> FreezeWindows(IQuerySession session, string repository, CancellationToken ct) =>
        [.. (await session.Query<FreezeWindow>().Where(w => !w.Removed).ToListAsync(ct)).Where(w => new RepositoryScope(w.Repositories).Matches(repository))];
}

public static class IncidentHolds
{
    /// <summary>The incidents open in <paramref name="environment"/> on any change of <paramref name="repository"/>, in one query.</summary>
    public static async Task<IReadOnlyList<IncidentRecord>> In(IQuerySession session, string repository, string environment, CancellationToken ct) =>
        [.. (await Open(session, repository, ct)).Where(i => i.Environment == environment)];

    /// <summary>
    /// The incidents open in any environment on any change of <paramref name="repository"/>, in one query, oldest first.
    /// Every release asks, so the query reads the column <see cref="ReleaseRecord.HasOpenIncidents"/> of each change of
    /// the repository and the document only of those where it is true (or null: stored before the column was); reading
    /// every document measured 11 ms a release on 768 changes (docs/benchmarks.md, rules).
    /// </summary>
    public static async Task<IReadOnlyList<IncidentRecord>> Open(IQuerySession session, string repository, CancellationToken ct) =>
    [
        .. (await session.QueryAsync<ReleaseRecord>(
                $"select d.data -> 'releaseRecord' from {Hosting.LedgerStorage.Schema}.mt_doc_change_record as d where d.summaryrepository = ? " +
                "and d.release_recordhas_open_incidents is not false and jsonb_array_length(coalesce(d.data -> 'releaseRecord' -> 'openIncidentEnvironments', '[]'::jsonb)) > 0",
                ct, repository))
            .SelectMany(r => r.Incidents ?? []).Where(i => i.ResolvedAt is null)
            .OrderBy(i => i.DetectedAt).ThenBy(i => i.IncidentId, StringComparer.Ordinal),
    ];
}
