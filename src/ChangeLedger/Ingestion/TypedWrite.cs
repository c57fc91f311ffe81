using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Ingestion;

/// <summary>
/// A write named by the event it records, as a batch item carries it or a CDEvent maps onto it. <paramref name="Completes"/>
/// adds to the parsed command what no request body carries (a CDEvent's correlation, a deployment reported as a fact).
/// </summary>
public sealed record TypedWrite(string Type, string ChangeId, IWriteRequest Request, string? HoldId = null, Func<ChangeCommand, ChangeCommand>? Completes = null);

/// <summary>
/// Every kind of change write, by the event type name batches and CDEvents use. Each capability registers its own
/// kinds (<c>services.AddSingleton(kind)</c>); ingestion only looks them up.
/// </summary>
public sealed class WriteKinds(IEnumerable<WriteKind> kinds)
{
    private readonly Dictionary<string, WriteKind> _byType = kinds.ToDictionary(k => k.Type, StringComparer.Ordinal);

    public IEnumerable<string> Types => _byType.Keys;

    public WriteKind? Find(string? type) => type is not null && _byType.TryGetValue(type, out var kind) ? kind : null;

    public (ChangeCommand? Command, Problem? Problem) Parse(TypedWrite write)
    {
        var (command, problem) = _byType[write.Type].Parse(write.ChangeId, write.HoldId, write.Request);
        return command is not null && write.Completes is { } completes ? (completes(command), null) : (command, problem);
    }
}
