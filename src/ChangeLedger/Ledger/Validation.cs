namespace ChangeLedger.Ledger;

/// <summary>
/// Collects every field error of a request at once, so one 400 tells the client all that is wrong.
/// Limits keep one row from bloating the ledger: a ledger never truncates silently, it refuses.
/// </summary>
public sealed class Validation
{
    public const int Name = 200;
    public const int Text = 4000;
    public const int Commit = 200;
    public const int Url = 2000;
    public const int ListItems = 100;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>The members refused, as the problem names them (<c>origin.kind</c>, <c>children[0].title</c>).</summary>
    public IEnumerable<string> Fields => _errors.Keys;

    public Validation Required(string field, string? value, int max = Name)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, $"'{field}' is required.");
        return Optional(field, value, max);
    }

    public Validation Optional(string field, string? value, int max = Name)
    {
        if (value is null) return this;
        if (value.Length > max) Add(field, $"'{field}' has at most {max} characters; it has {value.Length}.");
        // PostgreSQL cannot store NUL in text or jsonb (22P05): refused here for every field, long text included.
        if (value.Contains('\0')) Add(field, $"'{field}' must not contain the NUL character (\\u0000).");
        else if (value.Any(char.IsControl) && max <= Name) Add(field, $"'{field}' must not contain control characters.");
        return this;
    }

    public Validation Required<T>(string field, T? value) where T : struct =>
        value is null ? Add(field, $"'{field}' is required.") : this;

    public Validation List(string field, IReadOnlyList<string>? items, int maxItemLength = 500)
    {
        if (items is null) return this;
        if (items.Count > ListItems) Add(field, $"'{field}' has at most {ListItems} items; it has {items.Count}.");
        for (var i = 0; i < items.Count && i < ListItems; i++) Required($"{field}[{i}]", items[i], maxItemLength);
        return this;
    }

    public Validation ChangeId(string field, string? value)
    {
        var error = Ledger.ChangeId.Check(value);
        return error is null ? this : Add(field, error);
    }

    public Validation Rule(bool holds, string field, string message) => holds ? this : Add(field, message);

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Problem ToProblem() => Problem.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    /// <summary>Members every write shares: the idempotency key and the concurrency guard.</summary>
    public static Validation ForWrite(Contracts.IWriteRequest request) =>
        new Validation()
            .Optional("eventId", request.EventId, Name)
            .Rule(request.EventId is null || request.EventId.Length > 0, "eventId", "'eventId' must not be empty when given.")
            .Rule(request.ExpectedVersion is null or >= 0, "expectedVersion", "'expectedVersion' is 0 (a new change) or a positive stream version.");
}
