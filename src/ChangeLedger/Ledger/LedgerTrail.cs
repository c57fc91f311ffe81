using System.Text.Json;
using ChangeLedger.Contracts;
using JasperFx.Events;

namespace ChangeLedger.Ledger;

/// <summary>One event as a trail shows it, whichever stream it is on: a change, a trust rule, a key.</summary>
public static class LedgerTrail
{
    public static TrailEntry Entry(IEvent e, JsonSerializerOptions json) =>
        new(e.Version, e.Sequence, e.EventTypeName, (e.Data as ILedgerEvent)?.Actor ?? "", (e.Data as ILedgerEvent)?.OccurredAt ?? e.Timestamp,
            e.Timestamp, e.GetHeader("eventId")?.ToString(), e.GetHeader(LedgerSessionListener.RecordedByHeader)?.ToString(),
            JsonSerializer.SerializeToElement(e.Data, e.EventType, json), e.GetHeader(HashChain.HashHeader)?.ToString(),
            e.GetHeader(LedgerSessionListener.PrincipalHeader)?.ToString());
}
