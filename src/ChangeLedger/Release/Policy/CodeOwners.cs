using System.Text;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Policies;

/// <summary>
/// A CODEOWNERS file read in one forge's semantics. Patterns are gitignore's (<see cref="ScopeGlob"/>): a leading '/'
/// anchors at the root, a pattern without a '/' in it matches at any depth, a trailing '/' is a directory and all below
/// it, a wildcard in the last segment stays at that level. Owners are <c>@user</c>, <c>@org/team</c> (GitLab: <c>@group/subgroup</c>) or an e-mail address. A '#' at a
/// line's start, or after white space, starts a comment; <c>\#</c> is a literal '#'.
/// </summary>
public static class CodeOwnersRules
{
    public const int MaxLines = 10_000;

    public static CodeOwnersFile Parse(string text, CodeOwnersDialect dialect)
    {
        var errors = new List<CodeOwnersError>();
        // GitLab combines sections that share a name (case-insensitively), in the order they first appear.
        var sections = new List<(string Name, bool Optional, int Approvals, IReadOnlyList<string> Defaults, List<CodeOwnerRule> Rules)>
        {
            ("", false, 1, [], []),
        };
        var current = 0;
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var n = 1; n <= lines.Length && n <= MaxLines; n++)
        {
            var raw = lines[n - 1];
            var tokens = Tokens(raw);
            if (tokens.Count == 0) continue;

            if (dialect == CodeOwnersDialect.Gitlab && SectionHeader(raw.Trim()) is { } header)
            {
                if (header.Problem is { } bad)
                {
                    errors.Add(new CodeOwnersError(n, raw, bad));
                    continue;
                }
                current = sections.FindIndex(s => string.Equals(s.Name, header.Name, StringComparison.OrdinalIgnoreCase));
                if (current < 0)
                {
                    sections.Add((header.Name, header.Optional, header.Approvals, header.Owners, []));
                    current = sections.Count - 1;
                }
                continue;
            }

            var pattern = tokens[0];
            if (pattern.StartsWith('!'))
            {
                errors.Add(new CodeOwnersError(n, raw, dialect == CodeOwnersDialect.Github
                    ? "GitHub's CODEOWNERS has no negation ('!'); the line is skipped, as GitHub skips it."
                    : "Exclusion patterns ('!') are not read by the ledger; the line is skipped."));
                continue;
            }
            if (dialect == CodeOwnersDialect.Github && pattern.Contains('[') && pattern.Contains(']'))
            {
                errors.Add(new CodeOwnersError(n, raw, "GitHub's CODEOWNERS has no character ranges ('[ ]'); the line is skipped, as GitHub skips it."));
                continue;
            }
            if (dialect == CodeOwnersDialect.Github && pattern.StartsWith('['))
            {
                errors.Add(new CodeOwnersError(n, raw, "Sections are GitLab's; read this file as GitLab's (dialect gitlab)."));
                continue;
            }
            var owners = tokens.Skip(1).ToList();
            if (owners.FirstOrDefault(o => !IsOwner(o)) is { } notOwner)
            {
                errors.Add(new CodeOwnersError(n, raw, $"'{notOwner}' is not an owner: owners are @user, @org/team or an e-mail address."));
                continue;
            }
            sections[current].Rules.Add(new CodeOwnerRule(pattern, owners, n));
        }
        if (lines.Length > MaxLines) errors.Add(new CodeOwnersError(MaxLines + 1, "", $"Only the first {MaxLines} lines are read."));

        return new CodeOwnersFile(dialect,
            [.. sections.Where((s, i) => i > 0 || s.Rules.Count > 0).Select(s => new CodeOwnerSection(s.Name, s.Optional, s.Approvals, s.Defaults, s.Rules))],
            errors);
    }

    /// <summary>
    /// For each path and each section, who owns it: within a section the last matching rule decides (its owners, or the
    /// section's defaults when the rule names none); a path no rule of a section matches is not owned under it. Each
    /// rule's pattern is compiled once for all the paths.
    /// </summary>
    public static IReadOnlyList<PathOwnership> Owners(this CodeOwnersFile file, IEnumerable<string> paths)
    {
        var sections = file.Sections.Select(s => (Section: s, Rules: s.Rules.Select(r => (Rule: r, Matches: Matcher(r.Pattern))).ToList())).ToList();
        return
        [
            .. from path in paths.Distinct(StringComparer.Ordinal)
               from section in sections
               let rule = section.Rules.LastOrDefault(r => r.Matches(path)).Rule
               select new PathOwnership(path, section.Section.Name,
                   rule is null ? [] : rule.Owners.Count > 0 ? rule.Owners : file.Dialect == CodeOwnersDialect.Gitlab ? section.Section.DefaultOwners : [],
                   section.Section.Approvals, section.Section.Optional, rule?.Line),
        ];
    }

    /// <summary>
    /// gitignore's matching, as both forges document it, with one difference: a pattern whose last segment has a
    /// wildcard matches paths at that level only (<c>docs/*</c> owns docs/a.md, not docs/b/c.md), while one naming a
    /// directory (<c>apps/</c>, <c>**/logs</c>, <c>/apps/github</c>) owns everything below it.
    /// </summary>
    private static Func<string, bool> Matcher(string pattern) =>
        ScopeGlob.Matcher(pattern, contents: !pattern.TrimEnd('/').Split('/')[^1].AsSpan().ContainsAny('*', '?'));

    public static bool IsOwner(string token) =>
        token.Length > 1 && (token[0] == '@' ? token.Skip(1).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')
            : token.IndexOf('@') is > 0 and var at && at < token.Length - 1 && !token.Contains('/'));

    /// <summary>A line's words: a pattern then owners; white space separates them, '#' after white space ends the line, '\' escapes.</summary>
    private static List<string> Tokens(string line)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[i + 1] is '#' or ' ' ? line[++i].ToString() : c.ToString());
                continue;
            }
            if (c == '#' && word.Length == 0) break;
            if (char.IsWhiteSpace(c))
            {
                if (word.Length > 0) tokens.Add(word.ToString());
                word.Clear();
                continue;
            }
            word.Append(c);
        }
        if (word.Length > 0) tokens.Add(word.ToString());
        return tokens;
    }

    private sealed record Header(string Name, bool Optional, int Approvals, IReadOnlyList<string> Owners, string? Problem);

    /// <summary>A GitLab section header: <c>[Name]</c>, <c>^[Name]</c>, <c>[Name][N]</c>, each optionally followed by default owners.</summary>
    private static Header? SectionHeader(string line)
    {
        var optional = line.StartsWith("^[", StringComparison.Ordinal);
        if (!optional && !line.StartsWith('[')) return null;
        var open = optional ? 1 : 0;
        var close = line.IndexOf(']', open);
        if (close < 0) return new Header("", false, 1, [], "A section header ends with ']'.");
        var name = line[(open + 1)..close].Trim();
        if (name.Length == 0) return new Header("", false, 1, [], "A section has a name.");
        var rest = line[(close + 1)..];
        var approvals = 1;
        if (rest.StartsWith('['))
        {
            var end = rest.IndexOf(']');
            if (end < 0 || !int.TryParse(rest[1..end], out approvals) || approvals < 1)
                return new Header("", false, 1, [], "A section's approval count is a whole number of at least 1, as in [Name][2].");
            if (optional) return new Header("", false, 1, [], "An optional section (^[…]) asks for no approvals, so it takes no count.");
            rest = rest[(end + 1)..];
        }
        var owners = Tokens(rest);
        if (owners.FirstOrDefault(o => !IsOwner(o)) is { } notOwner)
            return new Header("", false, 1, [], $"'{notOwner}' is not an owner: a section's default owners are @user, @group or an e-mail address.");
        return new Header(name, optional, approvals, owners, null);
    }
}
