using System.Text.Json.Serialization;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Policies;

/// <summary>A weekly freeze as stored: the days it starts on (mon…sun) and its local HH:mm start and end.</summary>
public sealed record WeeklySchedule(IReadOnlyList<string> Days, string Start, string End);

/// <summary>An admin set a freeze window on an environment (created or changed; the event carries the whole window).</summary>
public sealed record FreezeWindowSet(string Environment, string WindowId, string TimeZone, DateTimeOffset? Start, DateTimeOffset? End, WeeklySchedule? Weekly,
    IReadOnlyList<string> Repositories, string By, string Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

public sealed record FreezeWindowRemoved(string Environment, string WindowId, string By, string Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>
/// A freeze window as it stands: one stream per environment and window id, so who froze what, when and why is its
/// history. It reaches the repositories its patterns match (* for the whole organisation). The starts of the last
/// occurrences its schedule recorded as started and as ended make a scheduled message that comes twice record nothing.
/// </summary>
public sealed record FreezeWindow(string Id, string Environment, string WindowId, string TimeZone, DateTimeOffset? Start, DateTimeOffset? End,
    WeeklySchedule? Weekly, IReadOnlyList<string> Repositories, string Reason, long Version, string ChangedBy, DateTimeOffset ChangedAt, bool Removed,
    DateTimeOffset? StartedOccurrence = null, DateTimeOffset? EndedOccurrence = null)
    : IAdminManaged
{
    public static string StreamKey(string environment, string windowId) => $"~freeze:{Uri.EscapeDataString(environment)}:{windowId}";

    public bool Freezes(string environment, string repository) =>
        !Removed && Environment == environment && new RepositoryScope(Repositories).Matches(repository);

    public FreezeWindowInfo Info(DateTimeOffset now) =>
        new(Environment, WindowId, TimeZone, Start, End, Weekly is { } w ? new WeeklyFreeze(w.Days, w.Start, w.End) : null, Repositories, Reason, Version,
            ChangedBy, ChangedAt, Removed, Removed ? null : FreezeCalendar.InForce(this, now)?.Contract, Removed ? null : FreezeCalendar.Next(this, now)?.Contract);
}

public sealed partial class FreezeWindowProjection : SingleStreamProjection<FreezeWindow, string>
{
    public FreezeWindowProjection()
    {
        IncludeType<FreezeWindowSet>();
        IncludeType<FreezeWindowRemoved>();
        IncludeType<FreezeWindowStarted>();
        IncludeType<FreezeWindowEnded>();
    }

    public override FreezeWindow? Evolve(FreezeWindow? window, string id, IEvent e) => (window, e.Data) switch
    {
        (_, FreezeWindowSet s) => new FreezeWindow(id, s.Environment, s.WindowId, s.TimeZone, s.Start, s.End, s.Weekly, s.Repositories, s.Reason, e.Version,
            s.By, e.Timestamp, false, window?.StartedOccurrence, window?.EndedOccurrence),
        (not null, FreezeWindowRemoved r) => window with { Version = e.Version, ChangedBy = r.By, Reason = r.Reason, ChangedAt = e.Timestamp, Removed = true },
        (not null, FreezeWindowStarted s) => window with { Version = e.Version, StartedOccurrence = s.Start },
        (not null, FreezeWindowEnded x) => window with { Version = e.Version, EndedOccurrence = x.Start },
        _ => window,
    };
}

/// <summary>One occurrence of a window, as instants and as the window's zone reads them.</summary>
public sealed record FreezeSpan(DateTimeOffset Start, DateTimeOffset End, TimeZoneInfo Zone)
{
    public string LocalStart => Local(Start);
    public string LocalEnd => Local(End);
    public FreezeOccurrence Contract => new(Start, End, LocalStart, LocalEnd);

    private string Local(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone);
        return $"{local:yyyy-MM-dd HH:mm} ({local:zzz})";
    }
}

/// <summary>
/// When a window is in force, read in its IANA zone: a weekly window's local times follow the zone's daylight saving,
/// so a 00:00–06:00 freeze lasts five hours on the night clocks go forward and seven on the night they go back. A local
/// time the clocks skip starts at the first minute after the gap; one they pass twice is its first passing.
/// </summary>
public static class FreezeCalendar
{
    public static readonly IReadOnlyList<string> DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static TimeZoneInfo? Zone(string? id) =>
        id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId ? zone : null;

    public static TimeOnly? LocalTime(string? text) =>
        text is { Length: 5 } && TimeOnly.TryParseExact(text, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t)
            ? t : null;

    public static FreezeSpan? InForce(FreezeWindow w, DateTimeOffset at) =>
        Occurrences(w, at.AddDays(-2)).TakeWhile(o => o.Start <= at).FirstOrDefault(o => at < o.End);

    public static FreezeSpan? Next(FreezeWindow w, DateTimeOffset at) => Occurrences(w, at).FirstOrDefault(o => o.Start > at);

    /// <summary>The window's occurrences in start order, from those starting on the local day of <paramref name="from"/>, for eight days at most.</summary>
    private static IEnumerable<FreezeSpan> Occurrences(FreezeWindow w, DateTimeOffset from)
    {
        var zone = Zone(w.TimeZone) ?? throw new InvalidOperationException($"Time zone '{w.TimeZone}' is not on this machine (is tzdata installed?).");
        if (w.Weekly is not { } weekly)
        {
            if (w.Start is { } start && w.End is { } end) yield return new FreezeSpan(start, end, zone);
            yield break;
        }
        var (startTime, endTime) = (LocalTime(weekly.Start)!.Value, LocalTime(weekly.End)!.Value);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        for (var i = 0; i < 10; i++, day = day.AddDays(1))
        {
            if (!weekly.Days.Contains(DayNames[(int)day.DayOfWeek])) continue;
            var endDay = endTime > startTime ? day : day.AddDays(1);
            yield return new FreezeSpan(Instant(day.ToDateTime(startTime), zone), Instant(endDay.ToDateTime(endTime), zone), zone);
        }
    }

    private static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
