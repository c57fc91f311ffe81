namespace ChangeLedger.Ledger;

/// <summary>
/// What every event the ledger records says of itself: who did it and when it happened. The hash chain covers both,
/// so an event type that cannot say them cannot be recorded.
/// </summary>
public interface ILedgerEvent
{
    string Actor { get; }
    DateTimeOffset OccurredAt { get; }
}
