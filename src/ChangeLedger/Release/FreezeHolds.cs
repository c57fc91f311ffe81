using ChangeLedger.Contracts;
using ChangeLedger.Policies;

namespace ChangeLedger.Release;

/// <summary>
/// A freeze on a change, whichever way it came: a freeze hold placed on the change itself (a CDEvent
/// changewindow.started, or POST /holds with kind freeze), lifted by its own event; or a calendar freeze window in
/// force on an environment for the change's repository, which starts and ends by the calendar. Both read the same:
/// what freezes it, why, and from when until when (<see cref="Words"/>, the phrase the verdict's rule uses too).
/// </summary>
public sealed record FreezeHold(string What, string? Environment, string Reason, DateTimeOffset From, DateTimeOffset? Until, string Words);

public static class FreezeHolds
{
    /// <summary>The one wording of a freeze in force: "window W (reason) in force from … to …", or "… until lifted".</summary>
    public static string Phrase(string what, string reason, string from, string? until) =>
        $"{what} ({reason}) in force from {from}" + (until is null ? " until lifted" : $" to {until}");

    public static string Phrase(FreezeWindow window, FreezeSpan span) =>
        Phrase($"window {window.WindowId}", window.Reason, span.LocalStart, $"{span.LocalEnd} {window.TimeZone}");

    /// <summary>The freezes in force on a change at <paramref name="now"/>: its open freeze holds, then the windows in force for its repository.</summary>
    public static IReadOnlyList<FreezeHold> InForce(IReadOnlyList<Hold> openHolds, IReadOnlyList<FreezeWindow> windows, string repository, DateTimeOffset now) =>
    [
        .. openHolds.Where(h => h.Kind == HoldKind.Freeze).Select(h => new FreezeHold($"hold {h.HoldId}", null, h.Reason, h.PlacedAt, h.ExpiresAt,
            Phrase($"hold {h.HoldId}", h.Reason, Utc(h.PlacedAt), h.ExpiresAt is { } x ? Utc(x) : null))),
        .. windows.Where(w => !w.Removed && new Ledger.RepositoryScope(w.Repositories).Matches(repository))
            .OrderBy(w => w.Environment, StringComparer.Ordinal).ThenBy(w => w.WindowId, StringComparer.Ordinal)
            .Select(w => (Window: w, Span: FreezeCalendar.InForce(w, now))).Where(x => x.Span is not null)
            .Select(x => new FreezeHold($"window {x.Window.WindowId}", x.Window.Environment, x.Window.Reason, x.Span!.Start, x.Span.End, Phrase(x.Window, x.Span))),
    ];

    private static string Utc(DateTimeOffset instant) => new FreezeSpan(instant, instant, TimeZoneInfo.Utc).LocalStart + " UTC";
}
