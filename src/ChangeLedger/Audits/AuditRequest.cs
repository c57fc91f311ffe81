using ChangeLedger.Contracts;

namespace ChangeLedger.Audits;

/// <summary>
/// What an audit asks for, validated: an environment, a period [from, to) by the ledger's recording time (both given:
/// an audit names its period), optionally a comma-separated list of repositories or patterns, and a sample size with
/// its seed. A sample without a seed gets a fresh one, which the report states.
/// </summary>
public static class AuditRequest
{
    public const int MaxSample = 10_000;

    public static readonly IReadOnlyList<string> Formats = ["json", "csv", "pdf"];

    public static (AuditQuery? Query, Problem? Problem) Parse(string? repositories, string? environment, DateTimeOffset? from, DateTimeOffset? to, int? sample, string? seed,
        string? format = null, long? since = null)
    {
        var patterns = (repositories ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = new Validation()
            .Required("environment", environment, 100)
            .Required("from", from)
            .Required("to", to)
            .Rule(from is null || to is null || from < to, "from", "'from' is before 'to'.")
            .Rule(patterns.Length <= Validation.ListItems, "repositories", $"'repositories' names at most {Validation.ListItems} repositories or patterns.")
            .Rule(sample is null or (> 0 and <= MaxSample), "sample", $"'sample' is between 1 and {MaxSample}.")
            .Rule(seed is null || sample is not null, "seed", "'seed' goes with 'sample'.")
            .Optional("seed", seed)
            .Rule(since is null or >= 0, "since", "'since' is a ledger sequence (0 or more): the one an earlier audit names.")
            .Rule(format is null || Formats.Contains(format), "format", $"'format' is {string.Join(" or ", Formats)}.");
        foreach (var pattern in patterns)
            if (RepositoryScope.Check(pattern) is { } error) errors.Add("repositories", error);
        if (!errors.IsValid) return (null, errors.ToProblem());
        return (new AuditQuery(patterns, environment!, from!.Value.ToUniversalTime(), to!.Value.ToUniversalTime(), sample,
            sample is null ? null : string.IsNullOrEmpty(seed) ? Guid.NewGuid().ToString("N") : seed, since), null);
    }
}
