using ChangeLedger.Contracts;
using ChangeLedger.Policies;

namespace ChangeLedger.Release.Rules;

/// <summary>
/// Only where a freeze window is set on the environment for the change's repository: no release while one is in force.
/// The verdict names the window, its zone and its local start and end, so a reader knows when to come back.
/// </summary>
public static class OutsideFreezeWindow
{
    public const string Rule = "outside-freeze-window";

    public static IEnumerable<VerdictRule> Rules(IReadOnlyList<FreezeWindow> windows, string repository, string environment, DateTimeOffset now)
    {
        var freezing = windows.Where(w => w.Freezes(environment, repository)).OrderBy(w => w.WindowId, StringComparer.Ordinal).ToList();
        if (freezing.Count == 0) yield break;
        var inForce = freezing.Select(w => (Window: w, Span: FreezeCalendar.InForce(w, now))).Where(x => x.Span is not null).ToList();
        if (inForce.Count == 0)
        {
            yield return new(Rule, true, $"No freeze window is in force in {environment} for {repository}; " + string.Join("; ", freezing.Select(w =>
                FreezeCalendar.Next(w, now) is { } next ? $"{w.WindowId} next from {next.LocalStart} to {next.LocalEnd} {w.TimeZone}" : $"{w.WindowId} is over")) + ".", []);
            yield break;
        }
        yield return new(Rule, false, $"{environment} is frozen for {repository}: " + string.Join("; ", inForce.Select(x => FreezeHolds.Phrase(x.Window, x.Span!))) + ".", []);
    }
}
