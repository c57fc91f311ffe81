using System.Text.Json.Serialization;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Release;

/// <summary>The gate was asked and its full answer kept, whether it said yes or no.</summary>
public sealed record ReleaseVerdictRecorded(string ChangeId, ReleaseVerdict Verdict, string RequestedBy, DateTimeOffset OccurredAt) : IChangeEvent, Hosting.IRecordsVerdict
{
    [JsonIgnore] public string Actor => RequestedBy;
}
