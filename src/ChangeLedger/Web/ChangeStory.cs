using ChangeLedger.Contracts;

namespace ChangeLedger.Web;

/// <summary>
/// Where a change stands in each environment it was asked for, from its release view alone: the last verdict with
/// its failed rules counted, every release, and whether one was overridden or went outside the gate. The header's
/// badges and the per-environment history are both read from here, so they can never disagree.
/// </summary>
public sealed record ChangeStory(IReadOnlyList<ChangeStory.Place> Places, IReadOnlyList<Hold> OpenHolds)
{
    /// <summary>
    /// One environment. RunsNow is the release of this change that the environment runs now for its repository (null
    /// when none does); ReplacedBy, the change that runs there instead when this one was released there and replaced since.
    /// </summary>
    public sealed record Place(string Environment, ReleaseVerdict? LastVerdict, IReadOnlyList<Contracts.Release> Releases, IReadOnlyList<Step> History,
        Contracts.Release? RunsNow = null, string? ReplacedBy = null)
    {
        public int FailedRules => LastVerdict?.Rules.Count(r => !r.Passed) ?? 0;

        public bool Overridden => Releases.Any(r => r.Override is not null);

        public bool OutsideGate => Releases.Any(r => r.ReleasedOutsideGate == true);

        /// <summary>"ready", "not ready: 3 rules failed", or "not asked" when only a release outside the gate is known.</summary>
        public string Readiness => LastVerdict is not { } v ? "not asked" : v.Ready ? "ready" : "not ready: " + Show.Count(FailedRules, "rule failed", "rules failed");
    }

    /// <summary>
    /// One step of an environment's history, in stream order: a verdict (ready or refused, with its rules) or a release
    /// (by the rules, with an override, or outside the gate).
    /// </summary>
    public sealed record Step(long Version, DateTimeOffset At, string What, string By, ReleaseVerdict? Verdict, Contracts.Release? Release);

    public static ChangeStory Of(ReleaseView view)
    {
        var environments = view.Verdicts.Select(v => (v.ChangeVersion, v.Environment))
            .Concat(view.Releases.Select(r => (Version: r.EventVersion, r.Environment)))
            .OrderBy(x => x.Item1).Select(x => x.Item2).Distinct(StringComparer.Ordinal);
        var places = environments.Select(env =>
        {
            var verdicts = view.Verdicts.Where(v => v.Environment == env).ToList();
            var releases = view.Releases.Where(r => r.Environment == env).ToList();
            // A verdict is recorded on the version after the one it evaluated; a release, on its own version.
            var steps = verdicts.Select(v => new Step(v.ChangeVersion + 1, v.EvaluatedAt, v.Ready ? "ready" : "refused", "", v, null))
                .Concat(releases.Select(r => new Step(r.EventVersion, r.OccurredAt, Released(r), r.ReleasedBy, null, r)))
                .OrderBy(s => s.Version).ToList();
            return new Place(env, verdicts.LastOrDefault(), releases, steps);
        }).ToList();
        return new ChangeStory(places, view.OpenHolds);
    }

    public static string Released(Contracts.Release r) =>
        (r.RollBack == true ? "rolled back to" : "released") + (r.Override is not null ? " with an override" : r.ReleasedOutsideGate == true ? " outside the gate" : "");

    /// <summary>Where each place runs now: <paramref name="running"/> is, per environment, what its repository runs there now.</summary>
    public ChangeStory Running(string changeId, IReadOnlyDictionary<string, Deployment> running) => this with
    {
        Places = [.. Places.Select(p => running.TryGetValue(p.Environment, out var d)
            ? d.ChangeId == changeId
                ? p with { RunsNow = p.Releases.LastOrDefault(r => r.EventVersion == d.EventVersion) }
                : p with { ReplacedBy = p.Releases.Count > 0 ? d.ChangeId : null }
            : p)],
    };
}
