using ChangeLedger.Contracts;

namespace ChangeLedger.Ledger;

/// <summary>
/// A refusal a person can act on. Becomes an RFC 9457 problem-details response with a stable type per rule.
/// </summary>
public sealed record Problem(int Status, string Type, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public const string TypePrefix = "urn:changeledger:problem:";

    public string TypeUri => TypePrefix + Type;

    public static Problem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, "validation", "The request is invalid", "One or more fields are missing or malformed; see errors.", errors);

    public static Problem UnknownChange(string changeId) =>
        new(404, "unknown-change", "Unknown change", $"No change '{changeId}' is recorded in the ledger.");

    public static Problem UnknownHold(string changeId, string holdId) =>
        new(404, "unknown-hold", "Unknown hold", $"Change '{changeId}' has no hold '{holdId}'.");

    public static Problem Forbidden(string type, string title, string changeId, ChangeStatus status, string action) =>
        new(409, type, title, $"Change '{changeId}' is {Wire.Status(status)}: {action}.");

    public static Problem Conflict(string type, string title, string detail) => new(409, type, title, detail);
}

/// <summary>The outcome of a pure decision: the events to append, or the problem that refuses them.</summary>
public readonly record struct Decision(IReadOnlyList<object> Events, Problem? Problem)
{
    /// <summary>Streams the events start beside the decided one (a split's children), each with its first event.</summary>
    public IReadOnlyList<(string StreamId, object Event)> Starts { get; init; } = [];

    /// <summary>The answer when it is not the write's usual one (201 with the stream's version): its status and body.</summary>
    public (int Status, object Body)? Answer { get; init; }

    public static implicit operator Decision(Problem problem) => new([], problem);

    public static Decision Of(params object[] events) => new(events, null);
}

/// <summary>Wire spellings of enum values, for messages (the JSON converter does the same for bodies).</summary>
public static class Wire
{
    public static string Status(ChangeStatus status) => Snake(status.ToString());

    public static string Snake<T>(T value) where T : struct, Enum => Snake(value.ToString());

    private static string Snake(string pascal) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}
