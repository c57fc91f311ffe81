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
        // A version past the stream's end is the stream as it is: only versions it has reached are kept, and they are final.
        var stored = (await session.Events.FetchStreamStateAsync(changeId, ct))?.Version ?? 0;
        var version = Math.Min(stored, moment.AtVersion ?? await VersionAt(session, changeId, moment.AsOf!.Value, ct));
        return version == 0 ? null : await At(session, changeId, version, ct);
    }

    /// <summary>
    /// The fold to <paramref name="version"/> starts from the nearest kept fold at a multiple of <see cref="Step"/>
    /// below it and keeps each multiple it passes: the first view of a long change folds it once, a step at a time;
    /// later views fold at most a step of events.
    /// </summary>
    private async Task<Change?> At(IQuerySession session, string changeId, long version, CancellationToken ct)
    {
        if (_folded.TryGetValue((changeId, version), out Change? known)) return known;
        Change? change = null;
        long at = 0;
        for (var step = (version - 1) / Step * Step; step > 0 && change is null; step -= Step)
            if (_folded.TryGetValue((changeId, step), out Change? kept)) (change, at) = (kept, step);
        while (at < version)
        {
            var next = Math.Min(version, (at / Step + 1) * Step);
            foreach (var e in await session.Events.FetchStreamAsync(changeId, version: next, fromVersion: at + 1, token: ct))
                change = ChangeProjection.Fold(change, changeId, e);
            if (change?.Version != next) return change;
            at = next;
            if (at % Step == 0 || at == version)
                _folded.Set((changeId, at), change, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
        }
        return change;
    }

    /// <summary>The last version recorded by <paramref name="moment"/>, as Marten's as-of reads bound it (timestamp at or before); 0 when none.</summary>
    private static async Task<long> VersionAt(IQuerySession session, string changeId, DateTimeOffset moment, CancellationToken ct) =>
        (await session.QueryAsync<long>(
            $"select coalesce(max(version), 0) from {Hosting.LedgerStorage.Schema}.mt_events where stream_id = ? and timestamp <= ?", ct, changeId, moment.ToUniversalTime())).Single();

    public void Dispose() => _folded.Dispose();
}
