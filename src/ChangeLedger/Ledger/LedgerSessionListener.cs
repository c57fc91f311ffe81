using JasperFx.Events;
using Marten;

namespace ChangeLedger.Ledger;

/// <summary>
/// The one choke point every append passes, whatever use case made it: just before a session commits, each event is
/// stamped with who recorded it (the session's <see cref="IDocumentSession.LastModifiedBy"/>, set from the
/// authenticated caller) and sealed into its stream's hash chain. A session that appends without saying who it
/// acts for is refused, so no path can record an anonymous or unchained event.
/// </summary>
public sealed class LedgerSessionListener : DocumentSessionListenerBase
{
    public const string RecordedByHeader = "recordedBy";

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var streams = session.PendingChanges.Streams().ToList();
        if (streams.Count == 0) return;
        var recordedBy = session.LastModifiedBy is { Length: > 0 } who ? who
            : throw new InvalidOperationException("Events were appended without a recordedBy: set the session's LastModifiedBy to the caller before saving.");
        foreach (var e in streams.SelectMany(s => s.Events)) e.SetHeader(RecordedByHeader, recordedBy);

        var continued = HashChain.Continued(session);
        var heads = continued.Count == 0
            ? new Dictionary<string, ChainHead>()
            : (await session.LoadManyAsync<ChainHead>(token, continued)).ToDictionary(h => h.Id, StringComparer.Ordinal);
        HashChain.Seal(session, heads);
    }
}
