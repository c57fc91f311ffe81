using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Policies;

namespace ChangeLedger.Release;

/// <summary>
/// Rule <c>code-owners-approved</c>, only where the policy asks (<see cref="PolicyRules.CodeOwnersApproved"/>): every
/// path the head commit changed has, under each section of the CODEOWNERS file in force that owns it, approvals from
/// verified reviewers who are its owners, as many as the section asks (GitHub: one; an optional GitLab section is listed
/// and never blocks). Only approvals the approvals rule would count are read, and only verified ones, so segregation of
/// duties holds: an owner who generated, requested, submitted or proposed the change never approves it.
/// <para>
/// A reviewer is an owner when, signed in, the name the ledger verified (the review's reviewer) is the owner: <c>@user</c>
/// is the login <c>user</c>; an e-mail owner is that address; <c>@org/team</c> (or a GitLab <c>@group</c> the ledger has
/// a team for) is any member the repository's teams in force list. Names compare without regard to case.
/// </para>
/// </summary>
public static class CodeOwnersApproved
{
    public const string Rule = "code-owners-approved";

    /// <summary>One rule per CODEOWNERS line (and section) that owns a changed path; one failed rule when the file or the changed paths are unknown.</summary>
    public static IEnumerable<VerdictRule> Rules(Change change, Evidence evidence, ReleasePolicy policy, CodeOwnersInForce inForce)
    {
        if (!policy.CodeOwnersApproved) yield break;
        if (inForce.Owners is not { } owners)
        {
            yield return new(Rule, false, $"The policy asks for code owners' approval, but no CODEOWNERS file is imported for {change.Repository} (PUT /v1/repositories/{{repository}}/code-owners).", []);
            yield break;
        }
        var compliance = evidence.ScopeCompliance;
        if (compliance is null || compliance.Commit != change.HeadCommit)
        {
            yield return new(Rule, false, $"Changed paths unknown: none are recorded for head {change.HeadCommit}, so who owns them is not known (record changedPaths with the proposal or revision).", []);
            yield break;
        }
        var pathsRef = new EventRef(compliance.Version, compliance.Version == 1 ? "change_proposed" : "change_revised", $"{compliance.ChangedPaths.Count} changed path(s)");
        var groups = owners.Read.Owners(compliance.ChangedPaths)
            .Where(o => o.Line is not null && o.Owners.Count > 0)
            .GroupBy(o => (o.Section, Line: o.Line!.Value))
            .OrderBy(g => g.Key.Line)
            .ToList();
        if (groups.Count == 0)
        {
            yield return new(Rule, true, $"No changed path of head {change.HeadCommit} has an owner under CODEOWNERS version {owners.Version}.", [pathsRef]);
            yield break;
        }

        var reviews = Reviews.Counting(change, evidence, requireVerified: true);
        var teams = inForce.Teams?.Teams ?? [];
        foreach (var group in groups)
        {
            var first = group.First();
            var pattern = owners.Read.Sections.First(s => s.Name == first.Section).Rules.First(r => r.Line == first.Line).Pattern;
            var name = first.Section.Length == 0 ? $"{Rule}:{pattern}" : $"{Rule}:[{first.Section}] {pattern}";
            var paths = string.Join(", ", group.Select(o => o.Path));
            var whose = $"{paths} (line {first.Line}{(first.Section.Length == 0 ? "" : $", section {first.Section}")}: {string.Join(" ", first.Owners)})";
            var byOwners = reviews.Approvals.Where(a => first.Owners.Any(o => Owns(o, a.Reviewer, teams))).ToList();
            var refs = new List<EventRef> { pathsRef };
            refs.AddRange(byOwners.Select(Verdict.ReviewRef));
            if (byOwners.Count >= first.Approvals)
            {
                yield return new(name, true, $"{whose}: approved on head {change.HeadCommit} by {string.Join(", ", byOwners.Select(a => a.Reviewer))} (verified).", refs);
                continue;
            }
            var notCounted = reviews.Excluded.Where(x => x.Review.Decision == ReviewDecision.Accepted && first.Owners.Any(o => Owns(o, x.Review.Reviewer, teams))).ToList();
            refs.AddRange(notCounted.Select(x => Verdict.ReviewRef(x.Review) with { Detail = x.Why }));
            var missing = byOwners.Count == 0
                ? $"no verified approval on head {change.HeadCommit} by an owner"
                : $"{byOwners.Count} of {first.Approvals} approvals by owners ({string.Join(", ", byOwners.Select(a => a.Reviewer))})";
            var why = notCounted.Count == 0 ? "" : " Not counted: " + string.Join("; ", notCounted.Select(x => $"{x.Review.Reviewer} ({x.Why})")) + ".";
            yield return first.Optional
                ? new(name, true, $"{whose}: {missing}; the section is optional, so it does not block.{why}", refs)
                : new(name, false, $"{whose}: {missing}{(first.Approvals > 1 ? $"; the section asks for {first.Approvals}" : "")}.{why}", refs);
        }
    }

    /// <summary>Whether the verified reviewer is, or is in, the owner as CODEOWNERS writes it.</summary>
    public static bool Owns(string owner, string reviewer, IReadOnlyList<CodeOwnerTeam> teams)
    {
        if (teams.FirstOrDefault(t => Same(t.Team, owner)) is { } team) return team.Members.Any(m => Same(m, reviewer));
        if (!owner.StartsWith('@')) return Same(owner, reviewer);
        return !owner.Contains('/') && Same(owner[1..], reviewer);
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
