using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;
using Npgsql;
using Wolverine;
using Wolverine.ErrorHandling;

namespace ChangeLedger.Hosting;

/// <summary>
/// The conflicts a write can lose without being wrong (another writer created the same new stream, or used the same
/// eventId, a moment earlier; a deadlock PostgreSQL broke) are retried by Wolverine on fresh state: the handler runs
/// again, and then sees the winner (a replay, a 'change-exists', a policy already in force). Locks make these rare;
/// what is still lost after the retries surfaces as 409.
/// </summary>
public static class WriteConflicts
{
    public static bool IsConflict(Exception ex) =>
        ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or JasperFx.Events.ExistingStreamIdCollisionException
            or Marten.Exceptions.ExistingStreamIdCollisionException or DocumentAlreadyExistsException
            or PostgresException { SqlState: "MT003" or "23505" or "40P01" or "40001" }
        || (ex.InnerException is { } inner && IsConflict(inner));

    public static void Retry(WolverineOptions opts) =>
        opts.OnException(IsConflict).RetryWithCooldown(
            TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(25),
            TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));

    /// <summary>
    /// Wolverine logs every failed attempt of an inline invocation at Error under the message's type, the conflicts it
    /// then retries successfully included. What survives the retries reaches LedgerExceptionHandler, which logs it
    /// with its trace, so the per-attempt log of a write message says nothing new and is held back.
    /// </summary>
    public static IServiceCollection LogOnlyWhatSurvivesRetries<TMessage>(this IServiceCollection services) =>
        services.Configure<LoggerFilterOptions>(o => o.AddFilter(typeof(TMessage).FullName, LogLevel.Critical));
}
