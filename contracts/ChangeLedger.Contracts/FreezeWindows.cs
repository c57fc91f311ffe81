namespace ChangeLedger.Contracts;

/// <summary>
/// A freeze window on an environment: while it is in force, the verdict's rule outside-freeze-window refuses releases
/// there (an override with a justification may still set it aside). Either one-off (<see cref="Start"/> and
/// <see cref="End"/>) or weekly (<see cref="Weekly"/>), never both.
/// </summary>
/// <param name="TimeZone">An IANA time zone, e.g. Europe/Berlin: the window's local times are read there, daylight saving included.</param>
/// <param name="Start">A one-off window's first instant (with its offset).</param>
/// <param name="End">A one-off window's end, after its start (exclusive).</param>
/// <param name="Weekly">A recurring window: the days it starts on and its local start and end times.</param>
/// <param name="Repositories">Repository patterns it freezes, e.g. github.com/acme/*; absent, every repository (organisation-wide).</param>
/// <param name="Reason">Why the environment is frozen: kept in the ledger and named in the verdict.</param>
public sealed record FreezeWindowRequest(string? TimeZone, DateTimeOffset? Start, DateTimeOffset? End, WeeklyFreeze? Weekly,
    IReadOnlyList<string>? Repositories, string? Reason);

/// <summary>A weekly freeze: from <see cref="Start"/> local time on each of <see cref="Days"/> until <see cref="End"/> (the next day when End is not after Start).</summary>
/// <param name="Days">Days it starts on: mon, tue, wed, thu, fri, sat, sun.</param>
/// <param name="Start">Local start, HH:mm (24-hour).</param>
/// <param name="End">Local end, HH:mm; at or before Start, the window ends the next day.</param>
public sealed record WeeklyFreeze(IReadOnlyList<string>? Days, string? Start, string? End);

/// <summary>A freeze window as it stands, and its occurrence in force now (or the next one).</summary>
public sealed record FreezeWindowInfo(
    string Environment,
    string WindowId,
    string TimeZone,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    WeeklyFreeze? Weekly,
    IReadOnlyList<string> Repositories,
    string Reason,
    long Version,
    string ChangedBy,
    DateTimeOffset ChangedAt,
    bool Removed,
    FreezeOccurrence? InForce,
    FreezeOccurrence? Next);

/// <summary>One occurrence of a window: its instants, and the same in the window's zone as a person there reads them.</summary>
public sealed record FreezeOccurrence(DateTimeOffset Start, DateTimeOffset End, string LocalStart, string LocalEnd);
