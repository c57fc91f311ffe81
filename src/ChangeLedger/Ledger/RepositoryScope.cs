using System.Text;

namespace ChangeLedger.Ledger;

/// <summary>
/// The repositories a caller may see, as glob patterns, and the ONE rule that matches them everywhere: <c>*</c> is any
/// run of characters (slashes included), everything else is literal, and letters compare without regard to ASCII
/// case (as Git hosts compare repository names). The same rule runs in memory (<see cref="Matches(string)"/>) and
/// in SQL (<see cref="SqlCondition"/>), so a list, an export and a single read can never disagree on what a key sees.
/// Case folding is ASCII only on both sides, since PostgreSQL's and .NET's Unicode case rules differ.
/// </summary>
public sealed record RepositoryScope(IReadOnlyList<string> Patterns)
{
    public static readonly RepositoryScope Everything = new(["*"]);

    /// <summary>A scope on '*' sees every repository, including ones no pattern could name in advance.</summary>
    public bool IsEverything => Patterns.Contains("*");

    public bool Matches(string repository) => Patterns.Any(p => Match(p, repository));

    /// <summary>Whether this scope reaches no further than <paramref name="other"/>: each pattern lies inside one of its.</summary>
    public bool IsWithin(RepositoryScope other) => Patterns.All(p => other.Patterns.Any(mine => Match(mine, p)));

    /// <summary>Glob matching without a regex: linear in practice, and no timeout to trip on a starved CPU.</summary>
    public static bool Match(string pattern, string repository)
    {
        pattern = FoldAscii(pattern);
        repository = FoldAscii(repository);
        var pieces = pattern.Split('*');
        if (pieces.Length == 1) return string.Equals(pattern, repository, StringComparison.Ordinal);
        if (!repository.StartsWith(pieces[0], StringComparison.Ordinal)) return false;
        var last = pieces[^1];
        if (repository.Length - pieces[0].Length < last.Length || !repository.EndsWith(last, StringComparison.Ordinal)) return false;
        var at = pieces[0].Length;
        var end = repository.Length - last.Length;
        for (var i = 1; i < pieces.Length - 1; i++)
        {
            var found = repository.IndexOf(pieces[i], at, end - at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + pieces[i].Length;
        }
        return true;
    }

    /// <summary>
    /// The same rule as a SQL condition on <paramref name="column"/>; <paramref name="parameter"/> binds a text[] of
    /// the patterns as returned by <see cref="SqlPatterns"/>.
    /// </summary>
    public static string SqlCondition(string column, string parameter) => $"{SqlFold(column)} like any({parameter})";

    public static string SqlFold(string expression) => $"translate({expression}, '{Upper}', '{Lower}')";

    /// <summary>Patterns as LIKE patterns (default '\' escape), folded like the column.</summary>
    public string[] SqlPatterns() => [.. Patterns.Select(Like)];

    public static string Like(string glob)
    {
        var sb = new StringBuilder(glob.Length + 4);
        foreach (var c in FoldAscii(glob))
            sb.Append(c switch { '*' => "%", '%' => "\\%", '_' => "\\_", '\\' => "\\\\", _ => c.ToString() });
        return sb.ToString();
    }

    public static string? Check(string pattern) =>
        string.IsNullOrWhiteSpace(pattern) ? "A repository pattern is not empty."
        : pattern.Length > 300 ? "A repository pattern has at most 300 characters."
        : pattern.Any(char.IsWhiteSpace) ? "A repository pattern has no white space."
        : null;

    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";

    private static string FoldAscii(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++) span[i] = src[i] is >= 'A' and <= 'Z' ? (char)(src[i] + 32) : src[i];
    });
}
