using System.Security.Claims;
using Marten;

namespace ChangeLedger.Access;

/// <summary>
/// Who a write acts for, carried on every command: the key or token, the name stored as <c>recordedBy</c>, the
/// authenticated principal (hashed into every event it records), its roles and its repository scope, and — when a
/// person signed in with their own login — the name they are known by. Built once from the authenticated principal,
/// so handlers never read HTTP state.
/// </summary>
public sealed record Caller(string KeyId, string RecordedBy, IReadOnlySet<string> Roles, RepositoryScope Scope, string Principal, string? Person = null)
{
    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>Whether any of the roles a permission names is this caller's.</summary>
    public bool May(string permission) => Permissions.RolesFor[permission].Any(Roles.Contains);

    /// <summary>Makes this caller the one the session's appends are recorded for (the listener stamps and hashes it).</summary>
    public void ActFor(IDocumentSession session) => LedgerSessionListener.ActFor(session, RecordedBy, Principal);

    public static Caller Of(ClaimsPrincipal user) =>
        new(user.KeyId(), user.RecordedBy(), user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal), user.Scope(),
            user.Principal(), user.FindFirstValue(CallerClaims.PersonClaim));

    /// <summary>The ledger acting on its own (scheduled checkpoints, the bootstrap key): every repository, no roles needed.</summary>
    public static Caller System(string what) => new("system", "system:" + what, new HashSet<string>(), RepositoryScope.Everything, "system:" + what);
}

/// <summary>What the authentication handler established about a request, read from its claims.</summary>
public static class CallerClaims
{
    public const string KeyIdClaim = "cl:key";
    public const string RepositoryClaim = "cl:repository";

    /// <summary>The authenticated principal: <c>key:&lt;id&gt;</c> or <c>jwt:&lt;issuer&gt;#&lt;subject&gt;</c>.</summary>
    public const string PrincipalClaim = "cl:principal";

    /// <summary>Present only when a person signed in with their own login: the name a review by them must carry.</summary>
    public const string PersonClaim = "cl:person";

    /// <summary>The trust rules that admitted a token, one claim each.</summary>
    public const string TrustRuleClaim = "cl:trust-rule";

    /// <summary>The key id, or for a token its principal: what messages and rate limits name the caller by.</summary>
    public static string KeyId(this ClaimsPrincipal user) => user.FindFirstValue(KeyIdClaim) ?? user.FindFirstValue(PrincipalClaim) ?? "anonymous";

    public static string Principal(this ClaimsPrincipal user) =>
        user.FindFirstValue(PrincipalClaim) ?? (user.FindFirstValue(KeyIdClaim) is { } key ? "key:" + key : "anonymous");

    /// <summary>The actor of record stored on every event: the authenticated principal, next to the domain actor in the body.</summary>
    public static string RecordedBy(this ClaimsPrincipal user) =>
        user.FindFirstValue(KeyIdClaim) is { } key ? $"key:{key} ({user.Identity?.Name})" : $"{user.Principal()} ({user.Identity?.Name})";

    public static RepositoryScope Scope(this ClaimsPrincipal user) => new([.. user.FindAll(RepositoryClaim).Select(c => c.Value)]);

    public static IReadOnlyList<string> RepositoryPatterns(this ClaimsPrincipal user) => user.Scope().Patterns;

    public static bool HasRole(this ClaimsPrincipal user, string role) => user.IsInRole(role);

    public static bool SeesEveryRepository(this ClaimsPrincipal user) => user.Scope().IsEverything;

    public static bool InScope(this ClaimsPrincipal user, string repository) => user.Scope().Matches(repository);
}
