using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Release;

/// <summary>
/// GET /v1/environments/{environment}?asOf= — what runs there: per repository the last release recorded by then.
/// Releases are facts that never change once recorded, so the past is the release records filtered by recordedAt.
/// </summary>
public static class ReadEnvironment
{
    public static void Map(RouteGroupBuilder environments) =>
        environments.MapGet("/{environment}", async (string environment, DateTimeOffset? asOf, IQuerySession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
            {
                environment = Uri.UnescapeDataString(environment);
                if (new Validation().Required("environment", environment, 100) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                var moment = asOf ?? clock.GetUtcNow();
                var running = await Running(session, user, environment, moment, ct);
                return running.Count == 0
                    ? Problems.Result(new Problem(404, "unknown-environment", "Nothing released there",
                        $"No release to '{environment}' visible to this key was recorded{(asOf is null ? "" : $" by {moment:O}")}."))
                    : Results.Ok(new EnvironmentView(environment, moment, running));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetEnvironment").WithSummary("What runs in an environment, per repository (?asOf= for a past moment)")
            .Produces<EnvironmentView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>Per repository of the caller's, the last release to <paramref name="environment"/> recorded by <paramref name="moment"/>.</summary>
    public static async Task<IReadOnlyList<Deployment>> Running(IQuerySession session, ClaimsPrincipal user, string environment, DateTimeOffset moment, CancellationToken ct) =>
        (await Releases(session, user, "environments", environment, ct))
            .SelectMany(r => r.Releases.Where(x => x.Environment == environment && x.RecordedAt <= moment).Select(r.Deployment))
            .GroupBy(d => d.Repository, StringComparer.Ordinal)
            .Select(g => g.OrderBy(d => d.RecordedAt).ThenBy(d => d.ChangeId, StringComparer.Ordinal).ThenBy(d => d.EventVersion).Last())
            .OrderBy(d => d.Repository, StringComparer.Ordinal)
            .ToList();

    /// <summary>The release records of the caller's repositories whose <paramref name="list"/> holds <paramref name="value"/>, in one query.</summary>
    public static async Task<IReadOnlyList<ReleaseRecord>> Releases(IQuerySession session, ClaimsPrincipal user, string list, string value, CancellationToken ct) =>
        // Containment rather than jsonb's '?' operator, which Marten would take for a parameter placeholder; scopes
        // travel as one JSON array parameter, as in the change lists.
        await session.QueryAsync<ReleaseRecord>(
            $"select d.data -> 'releaseRecord' from {Hosting.LedgerStorage.Schema}.mt_doc_change_record as d where d.data -> 'releaseRecord' -> '{list}' @> jsonb_build_array(?::text) and {RepositoryScope.SqlCondition("d.summaryrepository", "array(select jsonb_array_elements_text(?::jsonb))")}",
            ct, value, System.Text.Json.JsonSerializer.Serialize(user.Scope().SqlPatterns()));
}
