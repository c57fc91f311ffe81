using ChangeLedger.Changes;
using ChangeLedger.Trails;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace ChangeLedger.Web;

/// <summary>
/// The change as the ledger stood at a past version, for the pages: the same fold (<see cref="ChangeProjection.Fold"/>)
/// over the same events as the API's as-of reads (<see cref="ReadChange.Load"/>), kept once computed. Events are never changed, so a change at a
/// version it has reached is the same forever; a reader stepping through a long timeline folds each version once, not
/// on every view. As of a moment, the version recorded by then is looked up first (one indexed query).
/// </summary>
public sealed class PastChanges : IDisposable
{
    public const long Step = 500;

    private readonly MemoryCache _folded = new(new MemoryCacheOptions { SizeLimit = 2_000 });

    public async Task<Change?> Load(IQuerySession session, string changeId, ReadChange.Moment moment, CancellationToken ct)
    {
        if (moment.IsNow) return await ReadChange.Load(session, changeId, moment, ct);
        var version = moment.AtVersion ?? await VersionAt(session, changeId, moment.AsOf!.Value, ct);
        if (version == 0) return null;
        return await At(session, changeId, version, ct);
    }

    /// <summary>
    /// The fold to <paramref name="version"/> starts from the change at the multiple of <see cref="Step"/> below it,
    /// itself kept: the first view of a long change folds it once in steps, later ones fold at most a step of events.
    /// </summary>
    private async Task<Change?> At(IQuerySession session, string changeId, long version, CancellationToken ct)
    {
        if (_folded.TryGetValue((changeId, version), out Change? known)) return known;
        var from = (version - 1) / Step * Step;
        var change = from == 0 ? null : await At(session, changeId, from, ct);
        if (from > 0 && change?.Version != from) return change;    // the stream ends before the step: nothing more to fold
        foreach (var e in await session.Events.FetchStreamAsync(changeId, version: version, fromVersion: from + 1, token: ct))
            change = ChangeProjection.Fold(change, changeId, e);
        // Only a version the stream has reached is final: asked past its end, the answer grows with the stream.
        if (change?.Version == version) _folded.Set((changeId, version), change, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
        return change;
    }

    /// <summary>The last version recorded by <paramref name="moment"/>, as Marten's as-of reads bound it (timestamp at or before); 0 when none.</summary>
    private static async Task<long> VersionAt(IQuerySession session, string changeId, DateTimeOffset moment, CancellationToken ct) =>
        (await session.QueryAsync<long>(
            $"select coalesce(max(version), 0) from {Hosting.LedgerStorage.Schema}.mt_events where stream_id = ? and timestamp <= ?", ct, changeId, moment.ToUniversalTime())).Single();

    public void Dispose() => _folded.Dispose();
}
