using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace ChangeLedger.Access;

/// <summary>The 401 and 403 problem documents both authentication schemes answer with.</summary>
public static class AccessProblems
{
    public static Task Forbidden(HttpContext http)
    {
        var user = http.User;
        var roles = string.Join(", ", user.FindAll(ClaimTypes.Role).Select(c => c.Value));
        if (user.FindFirstValue(CallerClaims.KeyIdClaim) is { } key)
            return Write(http, 403, "forbidden", "The key's roles do not allow this",
                $"Key {key} has roles [{roles}], none of which may do this. See docs/security.md for the roles table.");
        var rules = user.FindAll(CallerClaims.TrustRuleClaim).Select(c => c.Value).ToList();
        return rules.Count == 0
            ? Write(http, 403, "no-trust-rule", "No trust rule admits this token",
                $"The token of {user.Principal()} is valid, but no trust rule matches its issuer, audience and claims, so it may do nothing. An admin registers trust rules (PUT /v1/access/trust-rules/{{ruleId}}; docs/security.md).")
            : Write(http, 403, "forbidden", "The token's roles do not allow this",
                $"The token of {user.Principal()} has roles [{roles}] from trust rules [{string.Join(", ", rules)}], none of which may do this.");
    }

    public static async Task Write(HttpContext http, int status, string type, string title, string detail)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Type = Problem.TypePrefix + type, Title = title, Detail = detail },
        });
    }
}
