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

    /// <summary>
    /// Work that began during the outage may still fail after it ends, up to its own connect and command timeouts
    /// (5 s + 15 s by default): that is the same outage, not a new one. A probe that starts after the recovery is new
    /// evidence, so a probe's failure (<c>Failed(ex, probe: true)</c>) declares an outage even within this window.
    /// </summary>
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(25);

    public DateTimeOffset? Since { get; private set; }

    public string? Reason { get; private set; }

    public bool IsDown => Since is not null;

    internal void Attach(ILogger log) => _log = log;

    /// <summary>
    /// Refused, reset, timed out or shut down: the database, not the request, is at fault (a conflict is none of these).
    /// A socket error or timeout counts only inside Npgsql's own exception: the same errors from an identity provider or
    /// a webhook subscriber are theirs, and blaming PostgreSQL for them would send callers and operators the wrong way.
    /// </summary>
    public static bool IsOutage(Exception? ex)
    {
        var fromNpgsql = false;
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                               || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "57014":
                case NpgsqlException { IsTransient: true } and not PostgresException:
                case SocketException or TimeoutException when fromNpgsql:
                    return true;
                case NpgsqlException:
                    fromNpgsql = true;
                    break;
            }
        }
        return false;
    }

    public void Failed(Exception ex, bool probe = false)
    {
        bool relapse;
        lock (_gate)
        {
            if (Since is not null) return;
            relapse = clock.GetUtcNow() < _settling;
            // Work that began during the outage may still fail after it ended: that is not a second outage. A probe that
            // fails this soon is a relapse of the same outage: the ledger is down again (health says so), but the
            // outage was already logged, and so is its end.
            if (relapse && !probe) return;
            Since = clock.GetUtcNow();
            Reason = Describe(ex);
            _relapse = relapse;
        }
        // Idle pooled connections died with the server; drop them so no caller (nor Wolverine's agents) draws one later.
        NpgsqlConnection.ClearAllPools();
        if (!relapse) _log?.LogWarning("PostgreSQL is unavailable: {Reason}. Requests answer 503 until it is back; logged once per outage.", Reason);
    }

    private bool _relapse;

    public void Recovered()
    {
        DateTimeOffset since;
        bool relapse;
        lock (_gate)
        {
            if (Since is not { } s) return;
            since = s;
            Since = null;
            Reason = null;
            relapse = _relapse;
            if (!relapse) _settling = clock.GetUtcNow() + Settling;
        }
        NpgsqlConnection.ClearAllPools();
        if (!relapse) _log?.LogWarning("PostgreSQL is available again after {Seconds:0.0} s of outage.", (clock.GetUtcNow() - since).TotalSeconds);
    }

    /// <summary>While the database is down, errors from the libraries that talk to it are the outage, already logged.</summary>
    public bool Quiet(string? category, LogLevel level) =>
        (IsDown || clock.GetUtcNow() < _settling) && level >= LogLevel.Warning && FromDatabaseLibrary(category);

    /// <summary>Whether a log category is one of the libraries that talk to PostgreSQL (or our own wrappers of them).</summary>
    public static bool FromDatabaseLibrary(string? category) =>
        category is not null && QuietCategories.Any(c => category.StartsWith(c, StringComparison.Ordinal));

    private static readonly string[] QuietCategories =
        ["Wolverine", "Marten", "JasperFx", "Npgsql", "Microsoft.Extensions.Diagnostics.HealthChecks", "ChangeLedger.Ledger.LedgerNotifications", "ChangeLedger.Hosting.LedgerMartenLogger"];

    private static string Describe(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is PostgresException or SocketException or TimeoutException) return e.Message;
        return ex.Message;
    }
}
