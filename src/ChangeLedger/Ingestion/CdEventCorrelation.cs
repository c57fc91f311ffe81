using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Changes;
using Marten;

namespace ChangeLedger.Ingestion;

/// <summary>
/// Which change a CDEvent belongs to, found through what the spec itself carries, in this order: its chain (an event
/// chained to a recorded change.created), its links (to an event already recorded), the change subject's id and
/// repository, its artifact (one a recorded CDEvent or release tied to a change), and only then customData.changeId.
/// Every key is looked up within the repositories the caller may see, so correlation never crosses its scope.
/// </summary>
public static class CdEventCorrelation
{
    public const string Chain = "chain";
    public const string Link = "link";
    public const string Subject = "subject";
    public const string Artifact = "artifact";
    public const string CustomData = "custom-data";
    public const string Commit = "commit";

    /// <summary>A change found: where its keys came from (a stored link or an earlier event of the same request) does not matter.</summary>
    public sealed record Found(string ChangeId, string Repository, string HeadCommit);

    public static async Task<(CdEventTarget? Target, Problem? Problem, Ignored? Ignored)> Resolve(IQuerySession session, ClaimsPrincipal user, Caller caller,
        CdEvent e, IReadOnlyDictionary<string, Found> earlier, CancellationToken ct)
    {
        if (e.Kind == "change.created")
            return (new CdEventTarget(e.CustomChangeId ?? e.StartedChangeId ?? "", e.CustomChangeId is null ? Subject : CustomData, null), null, null);

        List<(string Rule, string Key)> exact = [];
        if (e.IncidentKey is { } incident) exact.Add((Subject, incident));
        if (e.ChainId is { } chain) exact.Add((Chain, $"chain:{chain}"));
        exact.AddRange(e.LinkedContextIds.Select(id => (Link, $"context:{id}")));
        if (e.SubjectKey is { } subject) exact.Add((Subject, subject));

        var keys = exact.Select(c => c.Key).Append(e.ArtifactKey).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var links = keys.Length == 0 ? [] : await session.Query<CorrelationLink>().Where(l => l.Key.IsOneOf(keys)).ToListAsync(ct);
        IReadOnlyList<string> ChangesBy(string key) =>
        [
            .. (earlier.TryGetValue(key, out var pending) && caller.Scope.Matches(pending.Repository) ? [pending.ChangeId] : Array.Empty<string>())
                .Concat(links.Where(l => l.Key == key && caller.Scope.Matches(l.Repository)).OrderBy(l => l.Repository, StringComparer.Ordinal).Select(l => l.ChangeId))
                .Distinct(StringComparer.Ordinal),
        ];

        foreach (var (rule, key) in exact)
            if (ChangesBy(key) is [var first, ..] && await Load(session, earlier, first, ct) is { } found)
                return (new CdEventTarget(found.ChangeId, rule, found.HeadCommit), null, null);

        // A change recorded under the id its change.created would have started (proposed through the API as gh:org.repo:97, say) in the subject's repository.
        if (e.SubjectKey is not null && e.StartedChangeId is { } startedId && await session.LoadAsync<Change>(startedId, ct) is { } sameId
            && sameId.Repository == e.Repository && caller.Scope.Matches(sameId.Repository))
            return (new CdEventTarget(sameId.Id, Subject, sameId.HeadCommit), null, null);

        // Named by the producer: before the artifact, which several changes may share, and after what identifies one exactly.
        if (e.CustomChangeId is { } named)
            return await Load(session, earlier, named, ct) is { } change && caller.Scope.Matches(change.Repository)
                ? (new CdEventTarget(change.ChangeId, CustomData, change.HeadCommit), null, null)
                // A change that does not exist, or that the caller may not see, is the 404 every write answers.
                : (null, Problem.UnknownChange(named), null);

        // A commit one change, and one only, has had as its head; the validation or release is of that commit.
        if (e.NamedCommit is var (commit, repository))
        {
            var having = earlier.Values.Where(f => Same(f.HeadCommit, commit) && (repository is null || f.Repository == repository) && caller.Scope.Matches(f.Repository))
                .Select(f => new CommitOf(f.ChangeId, f.HeadCommit))
                .Concat(await Having(session, user, commit, repository, ct))
                .DistinctBy(c => c.ChangeId, StringComparer.Ordinal).ToList();
            if (having is [var one]) return (new CdEventTarget(one.ChangeId, Commit, one.Commit), null, null);
        }

        // An artifact a recorded CDEvent or a release (by its digest) tied to exactly one change the caller may see.
        if (e.ArtifactKey is { } artifact)
        {
            var tied = ChangesBy(artifact).ToList();
            if (CdEventMapping.Digest(e.ArtifactId) is { } digest)
                tied.AddRange((await Release.ReadEnvironment.Releases(session, user, "artifactDigests", digest, ct)).Select(r => r.Id));
            if (tied.Distinct(StringComparer.Ordinal).ToList() is [var only] && await Load(session, earlier, only, ct) is { } shipped)
                return (new CdEventTarget(shipped.ChangeId, Artifact, shipped.HeadCommit), null, null);
        }

        return (null, null, new Ignored(Ignored.Uncorrelated,
            $"No recorded change this key may see matches the {e.Kind} event's chain, links, subject, commit{(e.NamedCommit is var (c, _) ? $" ({c})" : " (it names none)")} or artifact (one change only), and it names no customData.changeId; nothing was recorded."));
    }

    /// <summary>A change and the commit of it that matched: its head, or a head it had before.</summary>
    public sealed record CommitOf(string ChangeId, string Commit);

    /// <summary>One commit names another when either is an abbreviation (7 hex digits at least) of the other.</summary>
    private static bool Same(string recorded, string commit) =>
        ProducerIds.Commit(recorded) is { } head && (head.StartsWith(commit, StringComparison.Ordinal) || commit.StartsWith(head, StringComparison.Ordinal));

    /// <summary>The changes the caller may see whose proposal or a revision made the commit their head, in one query.</summary>
    private static async Task<IReadOnlyList<CommitOf>> Having(IQuerySession session, ClaimsPrincipal user, string commit, string? repository, CancellationToken ct)
    {
        var schema = Hosting.LedgerStorage.Schema;
        var sql = $"""
            select distinct jsonb_build_object('changeId', e.stream_id, 'commit', e.data ->> 'headCommit')
            from {schema}.mt_events as e join {schema}.mt_doc_change_record as d on d.id = e.stream_id
            where e.type in ('change_proposed', 'change_revised') and e.data ->> 'headCommit' ~ '^[0-9a-fA-F]{"{"}7,64{"}"}$'
              and (starts_with(lower(e.data ->> 'headCommit'), ?) or starts_with(?, lower(e.data ->> 'headCommit')))
              and {Ledger.RepositoryScope.SqlCondition("d.summaryrepository", "array(select jsonb_array_elements_text(?::jsonb))")}
            """;
        var scope = System.Text.Json.JsonSerializer.Serialize(user.Scope().SqlPatterns());
        var found = repository is null
            ? await session.QueryAsync<CommitOf>(sql, ct, commit, commit, scope)
            : await session.QueryAsync<CommitOf>(sql + " and d.summaryrepository = ?", ct, commit, commit, scope, repository);
        return [.. found];
    }

    private static async Task<Found?> Load(IQuerySession session, IReadOnlyDictionary<string, Found> earlier, string changeId, CancellationToken ct) =>
        earlier.Values.FirstOrDefault(f => f.ChangeId == changeId)
        ?? (await session.LoadAsync<Change>(changeId, ct) is { } change ? new Found(change.Id, change.Repository, change.HeadCommit) : null);
}
