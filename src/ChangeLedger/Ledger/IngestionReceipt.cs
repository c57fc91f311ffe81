namespace ChangeLedger.Ledger;

/// <summary>
/// Written in the same transaction as the events of a write that carried a client <c>eventId</c>. Its primary
/// key makes a second commit of the same id impossible, and it keeps the first answer so a retry is answered
/// exactly as the original was.
/// </summary>
public sealed record IngestionReceipt(
    string Id,
    string ChangeId,
    string Operation,
    string ContentHash,
    int StatusCode,
    string ResponseJson,
    long Version,
    DateTimeOffset RecordedAt);
