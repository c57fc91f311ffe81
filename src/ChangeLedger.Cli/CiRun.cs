using System.Security.Cryptography;
using System.Text;

namespace ChangeLedger.Cli;

/// <summary>
/// The pipeline run a command is part of, read from the CI system's variables, so that every write can name its fact
/// by where it happened: re-running the job sends the same eventId and the ledger replays its first answer instead of
/// recording the fact twice (or refusing it as "already released").
/// </summary>
public sealed record CiRun(string Run, string Attempt)
{
    public const int MaxEventId = 200;

    /// <summary>GitHub Actions (run id, job, run attempt) or GitLab CI (pipeline id, job name, job id); null elsewhere.</summary>
    public static CiRun? Detect(Func<string, string?> env)
    {
        if (env("GITHUB_ACTIONS") == "true" && env("GITHUB_RUN_ID") is { Length: > 0 } run && env("GITHUB_JOB") is { Length: > 0 } job)
            return new($"gh:{run}:{job}", "attempt-" + (env("GITHUB_RUN_ATTEMPT") is { Length: > 0 } attempt ? attempt : "1"));
        // GitLab has no attempt number: a retried job is a new job with its own CI_JOB_ID.
        if (env("GITLAB_CI") == "true" && env("CI_PIPELINE_ID") is { Length: > 0 } pipeline && env("CI_JOB_NAME") is { Length: > 0 } name)
            return new($"gl:{pipeline}:{name}", "job-" + (env("CI_JOB_ID") ?? "0"));
        return null;
    }

    /// <summary>
    /// The eventId of one write: --event-id when given; in CI the run, the job, the command and what makes the call unique
    /// within the job (the attempt too when <paramref name="perAttempt"/>: a re-run check is a new run); elsewhere a new id.
    /// </summary>
    public static string EventId(Func<string, string?> env, string? given, string command, bool perAttempt, params string?[] unique)
    {
        if (given is not null) return given;
        if (Detect(env) is not { } ci) return "cli:" + Guid.CreateVersion7();
        var parts = new List<string> { ci.Run };
        if (perAttempt) parts.Add(ci.Attempt);
        parts.Add(command);
        parts.AddRange(unique.Where(p => !string.IsNullOrEmpty(p))!);
        var id = string.Join(':', parts);
        // Past the ledger's limit the tail becomes a hash of the whole id: still the same on every re-run, still distinct.
        return id.Length <= MaxEventId ? id : id[..150] + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..40];
    }
}
