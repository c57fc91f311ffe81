using JasperFx.Events;
using Marten;

namespace ChangeLedger.Ledger;

/// <summary>
/// The one choke point every append passes, whatever use case made it: just before a session commits, each event is
/// stamped with who recorded it and the principal that authenticated (both set by <see cref="ActFor"/> from the
/// caller) and sealed into its stream's hash chain, the principal inside the hash. A session that appends without
/// saying who it acts for is refused, so no path can record an anonymous or unchained event.
/// </summary>
public sealed class LedgerSessionListener : DocumentSessionListenerBase
{
    public const string RecordedByHeader = "recordedBy";

    /// <summary>The authenticated principal: <c>key:&lt;id&gt;</c>, <c>jwt:&lt;issuer&gt;#&lt;subject&gt;</c> or <c>system:&lt;what&gt;</c>.</summary>
    public const string PrincipalHeader = "principal";

    /// <summary>Says whom a session's appends are recorded for: the display form and the authenticated principal.</summary>
    public static void ActFor(IDocumentSession session, string recordedBy, string principal)
    {
        session.LastModifiedBy = recordedBy;
        session.SetHeader(PrincipalHeader, principal);
    }

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var streams = session.PendingChanges.Streams().ToList();
        if (streams.Count == 0) return;
        var recordedBy = session.LastModifiedBy is { Length: > 0 } who ? who
            : throw new InvalidOperationException("Events were appended without a recordedBy: call LedgerSessionListener.ActFor with the caller before saving.");
        // A path that says only who records (LastModifiedBy) still gets a principal: that same string, hashed like any other.
        var principal = session.GetHeader(PrincipalHeader) as string is { Length: > 0 } p ? p : recordedBy;
        foreach (var e in streams.SelectMany(s => s.Events))
        {
            e.SetHeader(RecordedByHeader, recordedBy);
            e.SetHeader(PrincipalHeader, principal);
        }

        var heads = new Dictionary<string, ChainHead>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var rows = LedgerRows.On(session);
        foreach (var id in HashChain.Continued(session))
        {
            if (!rows.Heads.TryGetValue(id, out var head)) unknown.Add(id);
            else if (head is not null) heads[id] = head;
        }
        if (unknown.Count > 0)
            foreach (var head in await session.LoadManyAsync<ChainHead>(token, unknown)) heads[head.Id] = head;
        rows.Store(session, HashChain.Seal(session, heads));
    }
}
