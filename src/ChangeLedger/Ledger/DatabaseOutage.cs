using System.Net.Sockets;
using Npgsql;

namespace ChangeLedger.Ledger;

/// <summary>
/// Whether PostgreSQL is reachable, as the last attempt to use it found. An outage is logged once when it begins and
/// once when it ends; in between, requests answer 503 with Retry-After, /health/ready says why, and the stack traces
/// every request and every background agent tick would otherwise log are held back (see <see cref="Quiet"/>).
/// </summary>
public sealed class DatabaseOutage(TimeProvider clock)
{
    public const int RetryAfterSeconds = 5;

    private readonly Lock _gate = new();
    private ILogger? _log;
    private DateTimeOffset _settling;

    /// <summary>Work that began during the outage still fails for a moment after it ends; that is the same outage.</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(5);

    public DateTimeOffset? Since { get; private set; }

    public string? Reason { get; private set; }

    public bool IsDown => Since is not null;

    internal void Attach(ILogger log) => _log = log;

    /// <summary>Refused, reset, timed out or shut down: the database, not the request, is at fault (a conflict is none of these).</summary>
    public static bool IsOutage(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                               || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "57014":
                case NpgsqlException { IsTransient: true } and not PostgresException:
                case SocketException or TimeoutException:
                    return true;
            }
        }
        return false;
    }

    public void Failed(Exception ex)
    {
        lock (_gate)
        {
            // Work that began during the outage may still fail just after it ended: that is not a second outage. One
            // that is real is declared by the next probe, a second later.
            if (Since is not null || clock.GetUtcNow() < _settling) return;
            Since = clock.GetUtcNow();
            Reason = Describe(ex);
        }
        // Idle pooled connections died with the server; drop them so no caller (nor Wolverine's agents) draws one later.
        NpgsqlConnection.ClearAllPools();
        _log?.LogWarning("PostgreSQL is unavailable: {Reason}. Requests answer 503 until it is back; logged once per outage.", Reason);
    }

    public void Recovered()
    {
        DateTimeOffset since;
        lock (_gate)
        {
            if (Since is not { } s) return;
            since = s;
            Since = null;
            Reason = null;
            _settling = clock.GetUtcNow() + Settling;
        }
        NpgsqlConnection.ClearAllPools();
        _log?.LogWarning("PostgreSQL is available again after {Seconds:0.0} s of outage.", (clock.GetUtcNow() - since).TotalSeconds);
    }

    /// <summary>While the database is down, errors from the libraries that talk to it are the outage, already logged.</summary>
    public bool Quiet(string? category, LogLevel level) =>
        (IsDown || clock.GetUtcNow() < _settling) && level >= LogLevel.Warning && category is not null
        && QuietCategories.Any(c => category.StartsWith(c, StringComparison.Ordinal));

    private static readonly string[] QuietCategories =
        ["Wolverine", "Marten", "JasperFx", "Npgsql", "Microsoft.Extensions.Diagnostics.HealthChecks", "ChangeLedger.Access.KeyCache", "ChangeLedger.Hosting.LedgerMartenLogger"];

    private static string Describe(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is PostgresException or SocketException or TimeoutException) return e.Message;
        return ex.Message;
    }
}
