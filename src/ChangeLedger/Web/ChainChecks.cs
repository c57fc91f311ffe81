using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Integrity;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace ChangeLedger.Web;

/// <summary>
/// The change page's integrity line, verified once per stream version: recomputing a chain of thousands of events on
/// every page view would cost more than the rest of the page. A new event is a new version and so a new check; an
/// unchanged stream is checked again after <see cref="Fresh"/> at the latest, so a row altered in place shows on the
/// page within that time. The API's verification endpoint is never cached.
/// </summary>
public sealed class ChainChecks(TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Fresh = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _checked = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>A verification of the stream as stored at <paramref name="Version"/>, and when it ran.</summary>
    public sealed record Check(long Version, VerificationReport Report, DateTimeOffset At)
    {
        /// <summary>The first break at or below <paramref name="version"/>: what the page as of that version must say.</summary>
        public ChainBreak? FirstBreakUpTo(long version) => Report.Breaks.Where(b => b.Version <= version).MinBy(b => b.Version);
    }

    public async Task<Check> Of(IQuerySession session, SigningKey key, WitnessSettings witness, string changeId, CancellationToken ct)
    {
        var stored = (await session.Events.FetchStreamStateAsync(changeId, ct))?.Version ?? 0;
        var now = clock.GetUtcNow();
        if (_checked.TryGetValue(changeId, out Check? known) && known!.Version == stored && now - known.At < Fresh) return known;
        var report = await VerifyLedger.Run(session, key, witness, new VerifyLedger.Scope(changeId, null, null), ct);
        var check = new Check(stored, report, now);
        _checked.Set(changeId, check, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Fresh });
        return check;
    }

    public void Dispose() => _checked.Dispose();
}
