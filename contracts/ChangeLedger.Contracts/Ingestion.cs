using System.Text.Json;

namespace ChangeLedger.Contracts;

/// <summary>
/// One item of a batch (POST /v1/events or a CloudEvents batch), answered in the order sent. <c>Status</c> is what
/// the item's own endpoint would have answered; <c>Result</c> is its body on success (or a refused release's verdict),
/// <c>Problem</c> the problem-details body when refused.
/// </summary>
public sealed record IngestionItemResult(
    int Index,
    string? Type,
    string? ChangeId,
    string? EventId,
    int Status,
    long? Version,
    JsonElement? Result = null,
    JsonElement? Problem = null);

/// <summary>The answer to a batch: counts, then one result per item.</summary>
public sealed record IngestionResults(int Accepted, int Refused, IReadOnlyList<IngestionItemResult> Results);
