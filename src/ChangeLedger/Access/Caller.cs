using System.Security.Claims;

namespace ChangeLedger.Access;

/// <summary>
/// Who a write acts for, carried on every command: the key, the name stored as <c>recordedBy</c>, its roles and its
/// repository scope. Built once from the authenticated principal, so handlers never read HTTP state.
/// </summary>
public sealed record Caller(string KeyId, string RecordedBy, IReadOnlySet<string> Roles, RepositoryScope Scope)
{
    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>Whether any of the roles a permission names is this caller's.</summary>
    public bool May(string permission) => Permissions.RolesFor[permission].Any(Roles.Contains);

    public static Caller Of(ClaimsPrincipal user) =>
        new(user.KeyId(), user.RecordedBy(), user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal), user.Scope());

    /// <summary>The ledger acting on its own (scheduled checkpoints, the bootstrap key): every repository, no roles needed.</summary>
    public static Caller System(string what) => new("system", "system:" + what, new HashSet<string>(), RepositoryScope.Everything);
}

/// <summary>What the authentication handler established about a request, read from its claims.</summary>
public static class CallerClaims
{
    public const string KeyIdClaim = "cl:key";
    public const string RepositoryClaim = "cl:repository";

    public static string KeyId(this ClaimsPrincipal user) => user.FindFirstValue(KeyIdClaim) ?? "anonymous";

    /// <summary>The actor of record stored on every event: the authenticated key, next to the domain actor in the body.</summary>
    public static string RecordedBy(this ClaimsPrincipal user) => $"key:{user.KeyId()} ({user.Identity?.Name})";

    public static RepositoryScope Scope(this ClaimsPrincipal user) => new([.. user.FindAll(RepositoryClaim).Select(c => c.Value)]);

    public static IReadOnlyList<string> RepositoryPatterns(this ClaimsPrincipal user) => user.Scope().Patterns;

    public static bool HasRole(this ClaimsPrincipal user, string role) => user.IsInRole(role);

    public static bool SeesEveryRepository(this ClaimsPrincipal user) => user.Scope().IsEverything;

    public static bool InScope(this ClaimsPrincipal user, string repository) => user.Scope().Matches(repository);
}
