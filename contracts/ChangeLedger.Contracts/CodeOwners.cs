namespace ChangeLedger.Contracts;

/// <summary>Whose rules a CODEOWNERS file follows: each forge reads the same file its own way.</summary>
public enum CodeOwnersDialect
{
    /// <summary>One list; the last pattern that matches a path names all its owners; no negation, no character ranges.</summary>
    Github,

    /// <summary>
    /// Sections (<c>[Name]</c>, optional <c>^[Name]</c>, <c>[Name][2]</c> for two approvals, default owners after the
    /// header); within a section the last matching pattern wins, and every section a path matches applies.
    /// </summary>
    Gitlab,
}

/// <summary>One pattern line: the pattern, its owners (empty: explicitly unowned, or the section's defaults), the line it came from.</summary>
public sealed record CodeOwnerRule(string Pattern, IReadOnlyList<string> Owners, int Line);

/// <summary>A section of rules and the approvals it asks for; a GitHub file is one unnamed section.</summary>
public sealed record CodeOwnerSection(string Name, bool Optional, int Approvals, IReadOnlyList<string> DefaultOwners, IReadOnlyList<CodeOwnerRule> Rules);

/// <summary>A line the forge would not read, and why; the rest of the file still counts, as on the forge.</summary>
public sealed record CodeOwnersError(int Line, string Text, string Reason);

/// <summary>Who owns one path under one section: the rule that decided it (null: no rule matched), its owners and the approvals asked.</summary>
public sealed record PathOwnership(string Path, string Section, IReadOnlyList<string> Owners, int Approvals, bool Optional, int? Line);

/// <summary>A CODEOWNERS file as one forge reads it: its sections and rules, and the lines it would skip.</summary>
public sealed record CodeOwnersFile(CodeOwnersDialect Dialect, IReadOnlyList<CodeOwnerSection> Sections, IReadOnlyList<CodeOwnersError> Errors);

/// <summary>A repository's CODEOWNERS file, as the forge it lives on reads it.</summary>
/// <param name="Dialect">github or gitlab: whose semantics the file follows.</param>
/// <param name="File">The file's text, as committed (at most 512 KiB).</param>
/// <param name="SetBy">Who imports it.</param>
/// <param name="Reason">Why, e.g. the commit it was read from.</param>
public sealed record CodeOwnersRequest(CodeOwnersDialect? Dialect, string? File, string? SetBy, string? Reason = null);

/// <summary>
/// The code owners in force for a repository: the file as imported (its SHA-256), the version of the repository's
/// code-owner stream, who set it and why, the file read in its forge's semantics, and (when paths were asked for) who
/// owns each path.
/// </summary>
public sealed record CodeOwners(string Repository, string Digest, long Version, string SetBy, string? Reason, DateTimeOffset SetAt, CodeOwnersFile Read,
    IReadOnlyList<PathOwnership>? Paths = null);

/// <summary>A team a CODEOWNERS file names (<c>@org/team</c>, or a GitLab <c>@group</c>) and who is in it.</summary>
/// <param name="Team">The owner as the file writes it, with its '@': <c>@acme/payments</c>.</param>
/// <param name="Members">Its members, each as the reviewer signs in: the login name the issuer's name claim carries, or an e-mail address.</param>
public sealed record CodeOwnerTeam(string Team, IReadOnlyList<string> Members);

/// <summary>The teams a repository's code owners name, set as a whole: each set is a new version.</summary>
/// <param name="Teams">Every team, each once; a team left out has no members.</param>
/// <param name="SetBy">Who sets them.</param>
/// <param name="Reason">Why, e.g. where the membership was read from.</param>
public sealed record CodeOwnerTeamsRequest(IReadOnlyList<CodeOwnerTeam>? Teams, string? SetBy, string? Reason = null);

/// <summary>The teams in force for a repository's code owners: the version of its team stream, who set them and why.</summary>
public sealed record CodeOwnerTeams(string Repository, IReadOnlyList<CodeOwnerTeam> Teams, long Version, string SetBy, string? Reason, DateTimeOffset SetAt);

/// <summary>What the code-owner rule reads: the CODEOWNERS file in force and the teams in force, each absent when never set.</summary>
public sealed record CodeOwnersInForce(CodeOwners? Owners, CodeOwnerTeams? Teams)
{
    public static readonly CodeOwnersInForce None = new(null, null);
}
