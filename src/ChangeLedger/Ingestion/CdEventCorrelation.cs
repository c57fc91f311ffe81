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

    /// <summary>A change found: where its keys came from (a stored link or an earlier event of the same request) does not matter.</summary>
    public sealed record Found(string ChangeId, string Repository, string HeadCommit);

    public static async Task<(CdEventTarget? Target, Problem? Problem, Ignored? Ignored)> Resolve(IQuerySession session, ClaimsPrincipal user, Caller caller,
        CdEvent e, IReadOnlyDictionary<string, Found> earlier, CancellationToken ct)
    {
        if (e.Kind == "change.created")
            return (new CdEventTarget(e.CustomChangeId ?? e.SubjectId ?? "", e.CustomChangeId is null ? Subject : CustomData, null), null, null);

        List<(string Rule, string Key)> candidates = [];
        if (e.ChainId is { } chain) candidates.Add((Chain, $"chain:{chain}"));
        candidates.AddRange(e.LinkedContextIds.Select(id => (Link, $"context:{id}")));
        if (e.SubjectKey is { } subject) candidates.Add((Subject, subject));
        if (e.ArtifactKey is { } artifact) candidates.Add((Artifact, artifact));

        var keys = candidates.Select(c => c.Key).Distinct(StringComparer.Ordinal).ToArray();
        var links = keys.Length == 0 ? [] : await session.Query<CorrelationLink>().Where(l => l.Key.IsOneOf(keys)).ToListAsync(ct);
        foreach (var (rule, key) in candidates)
        {
            if (earlier.TryGetValue(key, out var pending) && caller.Scope.Matches(pending.Repository))
                return (new CdEventTarget(pending.ChangeId, rule, pending.HeadCommit), null, null);
            if (links.Where(l => l.Key == key && caller.Scope.Matches(l.Repository)).OrderBy(l => l.Repository, StringComparer.Ordinal).FirstOrDefault() is { } link
                && await session.LoadAsync<Change>(link.ChangeId, ct) is { } linked)
                return (new CdEventTarget(linked.Id, rule, linked.HeadCommit), null, null);
        }

        // An artifact a release shipped (by its digest) belongs to the change released.
        if (CdEventMapping.Digest(e.ArtifactId) is { } digest
            && (await Release.ReadEnvironment.Releases(session, user, "artifactDigests", digest, ct)).OrderBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault() is { } released
            && await session.LoadAsync<Change>(released.Id, ct) is { } shipped)
            return (new CdEventTarget(shipped.Id, Artifact, shipped.HeadCommit), null, null);

        if (e.CustomChangeId is { } named)
        {
            if (earlier.Values.FirstOrDefault(f => f.ChangeId == named) is { } early)
                return (new CdEventTarget(early.ChangeId, CustomData, early.HeadCommit), null, null);
            // Named outright: a change that does not exist, or that the caller may not see, is the 404 every write answers.
            return await session.LoadAsync<Change>(named, ct) is { } change && caller.Scope.Matches(change.Repository)
                ? (new CdEventTarget(change.Id, CustomData, change.HeadCommit), null, null)
                : (null, Problem.UnknownChange(named), null);
        }

        return (null, null, new Ignored(Ignored.Uncorrelated,
            $"No recorded change this key may see matches the {e.Kind} event's chain, links, subject or artifact, and it names no customData.changeId; nothing was recorded."));
    }
}
