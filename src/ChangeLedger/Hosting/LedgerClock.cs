namespace ChangeLedger.Hosting;

/// <summary>
/// The clock the event store stamps recordedAt with. PostgreSQL keeps microseconds; .NET has 100 ns ticks. Cutting
/// to microseconds before an inline projection sees the time means a rebuild from the stored rows reproduces
/// the projected documents exactly.
/// </summary>
public sealed class LedgerClock(TimeProvider inner) : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMicrosecond));
    }

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
}
