using System.Collections.Concurrent;
using Marten;
using Npgsql;

namespace ChangeLedger.Access;

/// <summary>
/// API keys, cached on each node so most requests need no key read. A revocation sends a PostgreSQL NOTIFY in the
/// same transaction; every node LISTENs and evicts the key when the notification arrives (milliseconds after the
/// commit), and the node that revoked it forgets it at once, so the revoker's next request already fails. A node that is not listening (starting, or its listening connection lost) does not
/// use the cache at all, and an entry lives at most <see cref="Lifetime"/> regardless: revocation is never later than
/// that bound, and normally immediate. Unknown keys are never cached, so a new key works at once.
/// </summary>
public sealed class KeyCache(IDocumentStore store, IConfiguration configuration, DatabaseOutage outage, ILogger<KeyCache> log) : BackgroundService
{
    public const string Channel = "changeledger_key_changed";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (ApiKey Key, long Until)> _keys = new(StringComparer.Ordinal);
    private long _generation;
    private volatile bool _listening;

    public bool Listening => _listening;

    public async Task<ApiKey?> Find(string keyId, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (_listening && _keys.TryGetValue(keyId, out var hit) && hit.Until > now) return hit.Key;
        var generation = Interlocked.Read(ref _generation);
        await using var session = store.QuerySession();
        var key = await session.LoadAsync<ApiKey>(ApiKey.StreamKey(keyId), ct);
        // A notification that arrived while this read ran may concern this very key: then do not cache what was read.
        if (_listening && key is not null && Interlocked.Read(ref _generation) == generation)
            _keys[keyId] = (key, now + (long)Lifetime.TotalMilliseconds);
        return key;
    }

    /// <summary>Queues the notification into the session, so it is sent when (and only if) the change to the key commits.</summary>
    public static void Announce(IDocumentSession session, string keyId) => session.QueueSqlCommand("select count(*) from (select pg_notify(?, ?)) sent", Channel, keyId);

    /// <summary>The node that changed a key forgets it at once, without waiting for its own notification to come back.</summary>
    public void Forget(string keyId) => Evict(keyId);

    private void Evict(string? keyId)
    {
        Interlocked.Increment(ref _generation);
        if (keyId is null) _keys.Clear();
        else _keys.TryRemove(keyId, out _);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var lost = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Keepalives make a silently dead connection fail instead of waiting forever.
                var csb = new NpgsqlConnectionStringBuilder(Hosting.LedgerStorage.ConnectionString(configuration)) { KeepAlive = 10 };
                await using var connection = new NpgsqlConnection(csb.ConnectionString);
                await connection.OpenAsync(stop);
                connection.Notification += (_, e) => Evict(e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection)) await listen.ExecuteNonQueryAsync(stop);
                Evict(null);
                _listening = true;
                if (lost) log.LogInformation("Key change notifications are back; keys are cached again.");
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
                Evict(null);
                // The listener may be the first to meet an outage: declared, it is logged once, and this line is quieted with it.
                if (DatabaseOutage.IsOutage(ex)) outage.Failed(ex);
                if (!lost) log.LogWarning("Key change notifications lost ({Reason}); every request reads its key from PostgreSQL until they are back.", ex.Message);
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
