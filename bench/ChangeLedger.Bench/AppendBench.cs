using System.Diagnostics;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Bench;

/// <summary>
/// The write path's Marten work: fetch for writing, append one event, commit (the session listener seals it into the
/// chain, as it does every append); four writers at once, each on its own streams. HTTP and validation are left out.
/// </summary>
public static class AppendBench
{
    public static async Task<(long Events, double Seconds)> Run(IDocumentStore store, string prefix, int streams, int perStream)
    {
        const int writers = 4;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var s = w; s < streams; s += writers)
                for (var v = 0; v < perStream; v++)
                    await Append(store, $"{prefix}-{s}", v);
        })));
        return ((long)streams * perStream, watch.Elapsed.TotalSeconds);
    }

    private static async Task Append(IDocumentStore store, string id, int n)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = "bench";
        var stream = await session.Events.FetchForWriting<Change>(id);
        var now = DateTimeOffset.UtcNow;
        object e = n == 0
            ? new ChangeProposed(id, "github.com/bench/repo", "Bench change", "c0ffee", null, "alice", "ci-bot",
                new Origin(OriginKind.Generated, "claude-code"), Scope.Empty, [], null, now)
            : new OwnershipTransferred(id, n % 2 == 1 ? "alice" : "bob", n % 2 == 1 ? "bob" : "alice", "lead", "rotation", now);
        stream.AppendOne(e);
        await session.SaveChangesAsync();
    }
}
