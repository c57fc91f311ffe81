using Marten;

namespace ChangeLedger.Ledger;

/// <summary>A stream's projected document as a reader asks for it: as it stands, or folded from the events up to a past moment.</summary>
public static class StreamDocuments
{
    /// <summary>The document inline projection keeps (now), or the stream's events folded up to <paramref name="asOf"/>; null when there is none.</summary>
    public static async Task<T?> At<T>(IQuerySession session, string key, DateTimeOffset? asOf, CancellationToken ct) where T : class =>
        asOf is null
            ? await session.LoadAsync<T>(key, ct)
            : await session.Events.AggregateStreamAsync<T>(key, timestamp: asOf, token: ct);
}
