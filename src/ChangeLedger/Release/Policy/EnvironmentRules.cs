using ChangeLedger.Contracts;

namespace ChangeLedger.Policies;

/// <summary>A policy's per-environment sections: checked on the way in and kept in the order sent.</summary>
public static class EnvironmentRules
{
    public const int MaxEnvironments = 20;

    public static Validation Environments(this Validation v, IReadOnlyList<EnvironmentPolicyBody>? environments)
    {
        if (environments is null) return v;
        v.Rule(environments.Count <= MaxEnvironments, "environments", $"'environments' has at most {MaxEnvironments} entries; it has {environments.Count}.");
        var names = environments.Select(e => e?.Name).Where(n => n is not null).ToList();
        v.Rule(names.Distinct(StringComparer.Ordinal).Count() == names.Count, "environments", "Each environment appears once.");
        for (var i = 0; i < environments.Count && i < MaxEnvironments; i++)
        {
            var field = $"environments[{i}]";
            if (environments[i] is not { } e) { v.Add(field, $"'{field}' is an object: {{\"name\": \"prod\", ...}}."); continue; }
            v.Required($"{field}.name", e.Name, 100)
                .List($"{field}.requiredChecks", e.RequiredChecks, Validation.Name)
                .Rule(e.MinApprovals is null or (>= 0 and <= SetPolicy.MaxApprovals), $"{field}.minApprovals", $"'minApprovals' is between 0 and {SetPolicy.MaxApprovals}.")
                .List($"{field}.releasedFirstTo", e.ReleasedFirstTo, 100)
                .Rule(e.ReleasedFirstTo is null || !e.ReleasedFirstTo.Contains(e.Name), $"{field}.releasedFirstTo", "An environment cannot have to be released to before itself.");
        }
        return v;
    }

    public static IReadOnlyList<EnvironmentPolicy> From(IReadOnlyList<EnvironmentPolicyBody>? environments) =>
        [.. (environments ?? []).Select(e => new EnvironmentPolicy(e.Name!,
            [.. (e.RequiredChecks ?? []).Distinct(StringComparer.Ordinal)], e.MinApprovals, [.. (e.ReleasedFirstTo ?? []).Distinct(StringComparer.Ordinal)]))];
}
