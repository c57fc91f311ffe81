using System.Text.Json.Serialization;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>The gate was asked and its full answer kept, whether it said yes or no.</summary>
public sealed record ReleaseVerdictRecorded(string ChangeId, ReleaseVerdict Verdict, string RequestedBy, DateTimeOffset OccurredAt) : ICorrelatedEvent, Hosting.IRecordsVerdict
{
    [JsonIgnore] public string Actor => RequestedBy;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Correlation { get; init; }

    public ICorrelatedEvent Correlated(string rule) => this with { Correlation = rule };
}
