using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>
/// The one glob dialect of <c>scope.includes</c>/<c>excludes</c>, gitignore's (docs/domain.md): paths are relative to
/// the repository root with '/' between segments; <c>*</c> and <c>?</c> never cross a '/'; <c>**</c> as a whole segment
/// is any number of segments (none included); <c>[a-z]</c> and <c>[!a-z]</c> are character classes; <c>\</c> escapes the
/// next character. A pattern with a '/' at its start or middle is anchored at the root, one without matches at any depth
/// (<c>*.md</c> is every Markdown file). A pattern that matches a directory matches everything below it; a trailing '/'
/// matches only directories. There is no negation: what a change leaves alone goes in <c>excludes</c>.
/// </summary>
public static class ScopeGlob
{
    /// <summary>Inside the scope: matched by an include and by no exclude.</summary>
    public static bool Contains(Scope scope, string path) => Outside(scope, [path]).Count == 0;

    /// <summary>The paths outside the scope, in the order given, each once. Each pattern is compiled once for all the paths.</summary>
    public static IReadOnlyList<string> Outside(Scope scope, IEnumerable<string> paths)
    {
        var includes = scope.Includes.Select(Compile).ToList();
        var excludes = scope.Excludes.Select(Compile).ToList();
        return [.. paths.Distinct(StringComparer.Ordinal).Where(p => !includes.Any(i => Matches(i, p)) || excludes.Any(e => Matches(e, p)))];
    }

    public static bool Matches(string pattern, string path) => Matches(Compile(pattern), path);

    /// <summary>
    /// The pattern compiled once, to match many paths. With <paramref name="contents"/> false a directory the pattern
    /// matches does not take in what it contains (CODEOWNERS' <c>docs/*</c>, which owns docs/a.md, not docs/b/c.md).
    /// </summary>
    public static Func<string, bool> Matcher(string pattern, bool contents = true)
    {
        var compiled = Compile(pattern);
        return path => Matches(compiled, path, contents);
    }

    private static bool Matches((Regex? Regex, bool DirectoriesOnly) compiled, string path, bool contents = true)
    {
        var (regex, directoriesOnly) = compiled;
        if (regex is null) return false;
        if (!contents) return !directoriesOnly && regex.IsMatch(path);
        var segments = path.Split('/');
        // The path itself, then every directory above it: matching a directory takes in all it contains.
        for (var n = segments.Length; n >= 1; n--)
        {
            if (n == segments.Length && directoriesOnly) continue;
            if (regex.IsMatch(string.Join('/', segments, 0, n))) return true;
        }
        return false;
    }

    /// <summary>
    /// Compiling a pattern (a NonBacktracking regex) costs far more than matching with it, and every verdict of the scope
    /// and code-owner rules asks for the same few patterns again: profiled, it was most of a release's verdict
    /// (docs/benchmarks.md, rules). A pure function's results, so each pattern is compiled once a process; past
    /// <see cref="MaxCompiled"/> patterns the memo starts over.
    /// </summary>
    private static readonly ConcurrentDictionary<string, (Regex? Regex, bool DirectoriesOnly)> Compiled = new(StringComparer.Ordinal);

    private const int MaxCompiled = 4096;

    private static (Regex? Regex, bool DirectoriesOnly) Compile(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out var known)) return known;
        if (Compiled.Count >= MaxCompiled) Compiled.Clear();
        return Compiled[pattern] = Translate(pattern);
    }

    private static (Regex? Regex, bool DirectoriesOnly) Translate(string pattern)
    {
        var p = pattern.Trim();
        var directoriesOnly = p.EndsWith('/');
        p = p.TrimEnd('/');
        var anchored = p.Contains('/');
        p = p.TrimStart('/');
        if (p.Length == 0) return (null, false);

        var sb = new StringBuilder("^");
        if (!anchored) sb.Append("(?:.*/)?");
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            var atSegmentStart = i == 0 || p[i - 1] == '/';
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*' && atSegmentStart && (i + 2 == p.Length || p[i + 2] == '/'))
            {
                // "**" as a whole segment: "**/" is any number of leading directories, a final "**" anything below.
                if (i + 2 == p.Length) { sb.Append(".*"); i += 2; }
                else { sb.Append("(?:.*/)?"); i += 3; }
                continue;
            }
            switch (c)
            {
                case '*':
                    while (i + 1 < p.Length && p[i + 1] == '*') i++;
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '\\' when i + 1 < p.Length:
                    sb.Append(Regex.Escape(p[++i].ToString()));
                    break;
                case '[' when ClassEnd(p, i) is var end and > 0:
                    sb.Append(Class(p[(i + 1)..end]));
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
            i++;
        }
        sb.Append('$');
        // Linear in the path whatever the pattern: a scope of many "**" never backtracks its way into a timeout.
        return (new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking), directoriesOnly);
    }

    /// <summary>The index of the ']' closing the class opened at <paramref name="open"/>, or -1 when it is not a class.</summary>
    private static int ClassEnd(string p, int open)
    {
        var i = open + 1;
        if (i < p.Length && p[i] is '!' or '^') i++;
        if (i < p.Length && p[i] == ']') i++;
        for (; i < p.Length; i++)
        {
            if (p[i] == '/') return -1;
            if (p[i] == ']') return i;
        }
        return -1;
    }

    /// <summary>A bracket class as git reads one: '!' or '^' first negates it (git's wildmatch takes both), and no class takes a '/'.</summary>
    private static string Class(string body)
    {
        var negated = body.Length > 0 && body[0] is '!' or '^';
        if (negated) body = body[1..];
        var sb = new StringBuilder(negated ? "[^/" : "[");
        foreach (var c in body) sb.Append(c is '\\' or '^' or '[' or ']' ? "\\" + c : c.ToString());
        return sb.Append(']').ToString();
    }
}

/// <summary>How the facts git gives about a commit are checked on the way in: changed paths and patch-ids.</summary>
public static class GitFacts
{
    public const int MaxChangedPaths = 10_000;
    public const int MaxPathLength = 1000;

    /// <summary>Repository-relative paths as git prints them: '/' between segments, no leading '/', no '.' or '..' segment.</summary>
    public static Validation ChangedPaths(this Validation v, string field, IReadOnlyList<string>? paths)
    {
        if (paths is null) return v;
        v.Rule(paths.Count <= MaxChangedPaths, field, $"'{field}' has at most {MaxChangedPaths} paths; it has {paths.Count}.");
        for (var i = 0; i < paths.Count && i < MaxChangedPaths; i++)
        {
            var path = paths[i];
            v.Required($"{field}[{i}]", path, MaxPathLength);
            if (string.IsNullOrWhiteSpace(path)) continue;
            v.Rule(!path.StartsWith('/') && !path.Contains('\\') && path.Split('/').All(s => s.Length > 0 && s != "." && s != ".."), $"{field}[{i}]",
                $"'{path}' is not a repository-relative path: write it as git does (src/app.cs), without a leading '/', '\\', '.' or '..'.");
        }
        return v;
    }

    /// <summary>A patch-id is the hex digest git patch-id --stable prints: 40 digits (SHA-1 repositories) or 64 (SHA-256).</summary>
    public static Validation PatchId(this Validation v, string field, string? patchId) =>
        v.Rule(patchId is null || (patchId.Length is 40 or 64 && patchId.All(char.IsAsciiHexDigitLower)), field,
            $"'{field}' is the 40 or 64 lower-case hex digits git patch-id --stable prints.");
}
