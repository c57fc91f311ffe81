using System.Collections.Concurrent;
using Marten;
using Npgsql;

namespace ChangeLedger.Ledger;

/// <summary>
/// One PostgreSQL LISTEN connection per node for every cache that must forget what another node changed (keys,
/// webhook subscriptions). A change queues its NOTIFY into its own transaction (<see cref="Announce"/>), so the
/// notification exists only if the change committed, and every node hears it milliseconds later. While the connection
/// is down, <see cref="Listening"/> is false and every cache must read PostgreSQL instead; when it comes back, each
/// cache is told to forget everything (a null payload), since what it missed meanwhile is unknown.
/// </summary>
public sealed class LedgerNotifications(IEnumerable<NotificationChannel> listened, IConfiguration configuration, DatabaseOutage outage,
    ILogger<LedgerNotifications> log) : BackgroundService
{
    private readonly string[] _listened = [.. listened.Select(c => c.Name).Distinct(StringComparer.Ordinal)];

    private readonly ConcurrentDictionary<string, Action<string?>> _channels = new(StringComparer.Ordinal);
    private volatile bool _listening;

    public bool Listening => _listening;

    /// <summary>Registers a channel's handler (a payload, or null for "forget everything"); the channel is one registered as a <see cref="NotificationChannel"/>.</summary>
    public void On(string channel, Action<string?> changed) => _channels[channel] = changed;

    /// <summary>Queues the notification into the session: sent when, and only if, its transaction commits.</summary>
    public static void Announce(IDocumentSession session, string channel, string payload) =>
        session.QueueSqlCommand("select count(*) from (select pg_notify(?, ?)) sent", channel, payload);

    private void ForgetAll()
    {
        foreach (var changed in _channels.Values) changed(null);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var lost = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Keepalives make a silently dead connection fail instead of waiting forever.
                var csb = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Ledger")) { KeepAlive = 10 };
                await using var connection = new NpgsqlConnection(csb.ConnectionString);
                await connection.OpenAsync(stop);
                connection.Notification += (_, e) =>
                {
                    if (_channels.TryGetValue(e.Channel, out var changed)) changed(e.Payload);
                };
                foreach (var channel in _listened)
                {
                    await using var listen = new NpgsqlCommand($"listen {channel}", connection);
                    await listen.ExecuteNonQueryAsync(stop);
                }
                ForgetAll();
                _listening = true;
                if (lost) log.LogInformation("Change notifications are back; keys and subscriptions are cached again.");
                lost = false;
                while (!stop.IsCancellationRequested) await connection.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
            {
                _listening = false;
                ForgetAll();
                // The listener may be the first to meet an outage: declared, it is logged once, and this line is quieted with it.
                if (DatabaseOutage.IsOutage(ex)) outage.Failed(ex);
                if (!lost) log.LogWarning("Change notifications lost ({Reason}); every request reads keys and subscriptions from PostgreSQL until they are back.", ex.Message);
                lost = true;
                await Task.Delay(TimeSpan.FromSeconds(2), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                _listening = false;
            }
        }
    }
}

/// <summary>A channel every node listens on from its start (registered by the capability whose cache it evicts).</summary>
public sealed record NotificationChannel(string Name);
