using System.Text.RegularExpressions;

namespace ChangeLedger.Ledger;

/// <summary>Change ids are chosen by clients (a pipeline knows its repository and PR number), so they are checked strictly.</summary>
public static partial class ChangeId
{
    public const int MaxLength = 128;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:@+-]*$")]
    private static partial Regex Pattern();

    /// <summary>Null when the id is acceptable; otherwise the rule it breaks, in words.</summary>
    public static string? Check(string? id) => id switch
    {
        null or "" => "A change id is required.",
        { Length: > MaxLength } => $"A change id has at most {MaxLength} characters; this one has {id.Length}.",
        _ when !char.IsAsciiLetterOrDigit(id[0]) => "A change id starts with a letter or a digit.",
        _ when !Pattern().IsMatch(id) => "A change id contains only letters, digits and . _ : @ + - (no slashes or spaces).",
        _ => null,
    };

    public static Problem InvalidProblem(string? id) =>
        new(400, "invalid-change-id", "Invalid change id", Check(id) ?? "The change id is invalid.",
            new Dictionary<string, string[]> { ["changeId"] = [Check(id) ?? "invalid"] });
}
