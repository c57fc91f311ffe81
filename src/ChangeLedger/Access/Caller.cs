using System.Security.Claims;

namespace ChangeLedger.Access;

/// <summary>Who is calling, as the authentication handler established it: key id, name, roles and repository scopes.</summary>
public static class Caller
{
    public const string KeyIdClaim = "cl:key";
    public const string RepositoryClaim = "cl:repository";

    public static string KeyId(this ClaimsPrincipal user) => user.FindFirstValue(KeyIdClaim) ?? "anonymous";

    /// <summary>The actor of record stored on every event: the authenticated key, next to the domain actor in the body.</summary>
    public static string RecordedBy(this ClaimsPrincipal user) => $"key:{user.KeyId()} ({user.Identity?.Name})";

    public static IReadOnlyList<string> RepositoryPatterns(this ClaimsPrincipal user) =>
        [.. user.FindAll(RepositoryClaim).Select(c => c.Value)];

    public static bool HasRole(this ClaimsPrincipal user, string role) => user.IsInRole(role);

    /// <summary>A key on '*' sees every repository, including ones no pattern could name in advance.</summary>
    public static bool SeesEveryRepository(this ClaimsPrincipal user) => user.RepositoryPatterns().Contains("*");

    public static bool InScope(this ClaimsPrincipal user, string repository) =>
        user.RepositoryPatterns().Any(p => RepositoryPattern.Matches(p, repository));
}

/// <summary>
/// Repository patterns on keys: <c>*</c> matches any run of characters (slashes included), everything else is
/// literal and compared without regard to case, as Git hosts compare repository names.
/// </summary>
public static class RepositoryPattern
{
    /// <summary>
    /// Glob matching without a regex: no timeout to trip on a starved CPU, linear in practice. Each '*' takes the
    /// shortest run that lets the next literal piece match, falling back to longer runs only when needed.
    /// </summary>
    public static bool Matches(string pattern, string repository)
    {
        var pieces = pattern.Split('*');
        if (pieces.Length == 1) return string.Equals(pattern, repository, StringComparison.OrdinalIgnoreCase);
        if (!repository.StartsWith(pieces[0], StringComparison.OrdinalIgnoreCase)) return false;
        var last = pieces[^1];
        if (repository.Length - pieces[0].Length < last.Length || !repository.EndsWith(last, StringComparison.OrdinalIgnoreCase)) return false;
        var at = pieces[0].Length;
        var end = repository.Length - last.Length;
        for (var i = 1; i < pieces.Length - 1; i++)
        {
            var found = repository.IndexOf(pieces[i], at, end - at, StringComparison.OrdinalIgnoreCase);
            if (found < 0) return false;
            at = found + pieces[i].Length;
        }
        return true;
    }

    /// <summary>The same pattern for SQL <c>ILIKE</c>, with LIKE's own wildcards escaped.</summary>
    public static string ToLike(string pattern) =>
        pattern.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_").Replace('*', '%');

    public static string? Check(string pattern) =>
        string.IsNullOrWhiteSpace(pattern) ? "A repository pattern is not empty."
        : pattern.Length > 300 ? "A repository pattern has at most 300 characters."
        : pattern.Any(char.IsWhiteSpace) ? "A repository pattern has no white space."
        : null;
}
