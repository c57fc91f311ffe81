using System.CommandLine;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger policy --repository R [--environment E] [--as-of T] — the release policy in force, in the words the gate
/// uses: which checks, how many approvals, what a release to that environment needs besides.
/// </summary>
public static class Policy
{
    public static Command Create(Common common)
    {
        var repository = Common.Required("--repository", "The repository, e.g. github.com/acme/payments");
        var environment = Common.Optional("--environment", "Only what a release to this environment needs");
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "The policy that was in force at that moment" };

        var command = new Command("policy", "Print the release policy in force for a repository (or one of its environments)") { repository, environment, asOf };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var query = parse.GetValue(asOf) is { } at ? $"?asOf={Uri.EscapeDataString(at.ToString("O"))}" : "";
            var answer = await client.Get($"v1/repositories/{Uri.EscapeDataString(parse.GetValue(repository)!)}/policy{query}", ct);
            if (json || !answer.IsSuccess) return await common.Report(answer, json, () => "");
            foreach (var line in Describe(answer.Read<ReleasePolicy>(), parse.GetValue(environment))) await common.Host.Out.WriteLineAsync(line);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static IEnumerable<string> Describe(ReleasePolicy p, string? environment)
    {
        var forEnvironment = environment is null ? null : p.For(environment);
        yield return (p.IsDefault ? $"{p.Repository}: the built-in default policy (no policy set)" : $"{p.Repository}: policy v{p.Version}, set by {p.SetBy} at {p.SetAt:yyyy-MM-ddTHH:mm:ssZ}: \"{p.Reason}\"") +
                     (environment is null ? "" : $", for {environment}" + (forEnvironment is null ? " (no rules of its own)" : ""));
        var checks = p.RequiredChecks.Concat(forEnvironment?.RequiredChecks ?? []).Distinct(StringComparer.Ordinal).ToList();
        yield return "  required checks: " + (checks.Count == 0 ? "none" : string.Join(", ", checks));
        yield return $"  independent approvals: {forEnvironment?.MinApprovals ?? p.MinApprovals}";
        if (forEnvironment?.ReleasedFirstTo is { Count: > 0 } first) yield return "  released first to: " + string.Join(", ", first);
        yield return "  generated changes need a human review: " + (p.GeneratedChangesNeedHumanReview ? "yes" : "no");
        yield return "  holds block a release: " + (p.HoldsBlockRelease ? "yes" : "no");
        if (p.RequireVerifiedReviewers == true) yield return "  only verified reviewers count";
        if (p.WithinDeclaredScope) yield return "  a generated change must stay within its declared scope";
        if (p.CarryOverOnSamePatchId) yield return "  evidence carries over a rebase with the same patch-id";
        if (p.CriteriaCovered is { } criteria)
            yield return "  every acceptance criterion covered on the head by passing evidence" + (criteria.VerifiedReviewCounts ? " or a verified reviewer's acceptance" : "");
        if (p.ValidationFirst is { } redFirst)
            yield return $"  validation first: {(redFirst == ValidationFirstFor.All ? "every change" : "a generated change")} must show its tests failed on the base and pass on the head";
        if (p.Attestations is { } a)
        {
            var rules = new[]
            {
                a.TestsPass ? "tests pass" : null, a.NoErrorFindings ? "no error findings" : null, a.SbomAttached ? "an SBOM" : null,
                a.MinCoverage is { } min ? $"coverage at least {min}%" : null,
            }.OfType<string>().ToList();
            if (rules.Count > 0) yield return "  attestations: " + string.Join(", ", rules);
        }
        if (environment is null && p.Environments is { Count: > 0 } environments)
            foreach (var e in environments)
                yield return $"  {e.Name}: " + string.Join("; ", new[]
                {
                    e.RequiredChecks.Count > 0 ? "also " + string.Join(", ", e.RequiredChecks) : null,
                    e.MinApprovals is { } n ? $"{n} approval(s)" : null,
                    e.ReleasedFirstTo.Count > 0 ? "after " + string.Join(", ", e.ReleasedFirstTo) : null,
                }.OfType<string>());
    }
}
