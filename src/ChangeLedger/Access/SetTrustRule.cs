using System.Security.Claims;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Access;

/// <summary>
/// PUT /v1/access/trust-rules/{ruleId} — create a trust rule (201, TrustRuleCreated) or change it (200,
/// TrustRuleChanged); the same rule again records nothing (200). A scoped admin manages only rules within its
/// repositories and grants only roles it holds, as with keys.
/// </summary>
public sealed record SetTrustRule(string RuleId, string Issuer, string? Audience, IReadOnlyDictionary<string, string> Claims,
    IReadOnlyList<string> Roles, IReadOnlyList<string> Repositories, string Reason, Caller Caller) : IStreamWrite<TrustRule>
{
    public const int MaxConditions = 20;

    /// <summary>Every write to a trust rule's stream: folded by the rule's projection.</summary>
    public static readonly StreamKind<TrustRule> Writes = new("set-trust-rule", "trust rule", new TrustRuleProjection());

    StreamKind<TrustRule> IStreamWrite<TrustRule>.Kind => Writes;
    public string StreamKey => TrustRule.StreamKey(RuleId);
    IReadOnlyList<string> IStreamWrite<TrustRule>.Reaches => Repositories;
    Problem IStreamWrite<TrustRule>.Unknown => Unknown(RuleId);
    string? IStreamWrite<TrustRule>.Location => $"/v1/access/trust-rules/{RuleId}";
    public Decision Decide(TrustRule? current, DateTimeOffset now) => Decide(current, this, now);
    public object Answer(TrustRule rule) => Info(rule);

    public static Validation ValidateId(string ruleId) =>
        new Validation().Rule(ruleId.Length is > 0 and <= 64 && ruleId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
            "ruleId", "A rule id has 1 to 64 letters, digits, '-', '_' or '.'.");

    public static Validation Validate(TrustRuleRequest r, ClaimsPrincipal admin, TokenIssuers issuers)
    {
        var v = new Validation()
            .Required("issuer", r.Issuer, 500)
            .Optional("audience", r.Audience, 500)
            .Required("reason", r.Reason, Validation.Text)
            .Rule(r.Issuer is null || issuers.Find(r.Issuer) is not null, "issuer",
                $"'{r.Issuer}' is not a configured issuer; configured: [{string.Join(", ", issuers.ByName.Values.Select(i => i.Issuer))}] (Identity:Issuers).")
            .Rule(r.Claims is { Count: > 0 and <= MaxConditions }, "claims",
                $"'claims' names 1 to {MaxConditions} conditions, claim → pattern, e.g. {{\"repository\": \"acme/payments\"}}; a rule on the issuer alone would admit every token it signs.")
            .Rule(r.Roles is { Count: > 0 }, "roles", $"'roles' names at least one of {string.Join(", ", Access.Roles.All)}.")
            .Rule(r.Repositories is { Count: > 0 and <= 50 }, "repositories", "'repositories' lists 1 to 50 repository patterns, e.g. github.com/acme/*.");
        foreach (var (claim, pattern) in r.Claims ?? new Dictionary<string, string>())
            v.Rule(claim.Length is > 0 and <= 100 && !claim.Any(char.IsWhiteSpace), "claims", $"'{claim}' is not a claim name (1 to 100 characters, no white space).")
             .Rule(pattern is { Length: > 0 and <= 300 }, "claims", $"The pattern for '{claim}' has 1 to 300 characters.");
        foreach (var role in (r.Roles ?? []).Distinct(StringComparer.Ordinal))
        {
            v.Rule(Access.Roles.All.Contains(role), "roles", $"'{role}' is not a role; roles are {string.Join(", ", Access.Roles.All)}.");
            // Admin is never granted to a token: administering the ledger stays with keys and people an admin names by key.
            v.Rule(role != Access.Roles.Admin, "roles", "A trust rule cannot grant 'admin'.");
            v.Rule(!Access.Roles.All.Contains(role) || admin.HasRole(role), "roles", $"'{role}' is not a role of the caller, so it cannot grant it.");
        }
        return v.Reach(r.Repositories, admin.Scope());
    }

    /// <summary>What the rule becomes: nothing when it stands as asked, else its creation or change.</summary>
    public static Decision Decide(TrustRule? current, SetTrustRule c, DateTimeOffset now)
    {
        if (current is not null && !current.Removed && current.Issuer == c.Issuer && current.Audience == c.Audience
            && current.Claims.Count == c.Claims.Count && current.Claims.All(p => c.Claims.TryGetValue(p.Key, out var v) && v == p.Value)
            && current.Roles.SequenceEqual(c.Roles) && current.Repositories.SequenceEqual(c.Repositories))
            return Decision.Of();
        return current is null
            ? Decision.Of(new TrustRuleCreated(c.RuleId, c.Issuer, c.Audience, c.Claims, c.Roles, c.Repositories, c.Caller.RecordedBy, c.Reason, now))
            : Decision.Of(new TrustRuleChanged(c.RuleId, c.Issuer, c.Audience, c.Claims, c.Roles, c.Repositories, c.Caller.RecordedBy, c.Reason, now));
    }

    public static Problem Unknown(string ruleId) =>
        new(404, "unknown-trust-rule", "Unknown trust rule", $"No trust rule '{ruleId}' is visible to this caller.");

    public static TrustRuleInfo Info(TrustRule r) =>
        new(r.RuleId, r.Issuer, r.Audience, r.Claims, r.Roles, r.Repositories, r.Version, r.ChangedBy, r.Reason, r.ChangedAt, r.Removed);

    public static void Map(RouteGroupBuilder rules) =>
        rules.MapPut("/{ruleId}", async (string ruleId, TrustRuleRequest body, ClaimsPrincipal user, TokenIssuers issuers, Wolverine.IMessageBus bus, CancellationToken ct) =>
            {
                if (ValidateId(ruleId) is { IsValid: false } badId) return Problems.Result(badId.ToProblem());
                if (Validate(body, user, issuers) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                var command = new SetTrustRule(ruleId, body.Issuer!, body.Audience, new SortedDictionary<string, string>(body.Claims!.ToDictionary(), StringComparer.Ordinal),
                    [.. body.Roles!.Distinct(StringComparer.Ordinal)], [.. body.Repositories!.Distinct(StringComparer.Ordinal)], body.Reason!, Caller.Of(user));
                return (await bus.InvokeAsync<WriteOutcome>(command, CancellationToken.None)).ToResult();
            })
            .WithName("SetTrustRule").WithSummary("Create or change a trust rule for OIDC tokens (TrustRuleCreated, TrustRuleChanged)")
            .Produces<TrustRuleInfo>(StatusCodes.Status201Created).Produces<TrustRuleInfo>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
}

/// <summary>Sets a rule through the one stream-write path; a rule that changed ends the web sessions it admitted in the same commit.</summary>
public static class SetTrustRuleHandler
{
    public static async Task<WriteOutcome> Handle(SetTrustRule command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await StreamWrites.Run(command, session, clock, ct);
        // A changed rule may admit less: the web sessions it admitted end, and their people sign in again under it as it stands.
        if (outcome.Events is { Count: > 0 }) PageSessions.EndForTrustRule(session, command.RuleId);
        return outcome;
    }
}
