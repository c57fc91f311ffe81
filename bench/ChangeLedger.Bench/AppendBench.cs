using System.Diagnostics;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Integrity;
using Marten;

namespace ChangeLedger.Bench;

/// <summary>
/// The write path's Marten work, with and without the chain: fetch for writing (plus the chain head when chained),
/// append one event, seal, commit; four writers at once, each on its own streams. HTTP and validation are left out
/// so the difference is the chain's cost alone.
/// </summary>
public static class AppendBench
{
    public static async Task<(long Events, double Seconds)> Run(IDocumentStore store, string prefix, int streams, int perStream, bool chained)
    {
        const int writers = 4;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var s = w; s < streams; s += writers)
                for (var v = 0; v < perStream; v++)
                    await Append(store, $"{prefix}-{s}", v, chained);
        })));
        return ((long)streams * perStream, watch.Elapsed.TotalSeconds);
    }

    private static async Task Append(IDocumentStore store, string id, int n, bool chained)
    {
        await using var session = store.LightweightSession();
        var batch = session.CreateBatchQuery();
        var streamQuery = batch.Events.FetchForWriting<Change>(id);
        var headQuery = chained ? batch.Load<ChainHead>(id) : null;
        await batch.Execute();
        var stream = await streamQuery;
        var now = DateTimeOffset.UtcNow;
        object e = n == 0
            ? new ChangeProposed(id, "github.com/bench/repo", "Bench change", "c0ffee", null, "alice", "ci-bot",
                new Origin(OriginKind.Generated, "claude-code"), Scope.Empty, [], null, now)
            : new OwnershipTransferred(id, n % 2 == 1 ? "alice" : "bob", n % 2 == 1 ? "bob" : "alice", "lead", "rotation", now);
        stream.AppendOne(e);
        if (headQuery is not null) HashChain.Seal(session, await headQuery);
        await session.SaveChangesAsync();
    }
}
