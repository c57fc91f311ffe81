using System.Collections.Concurrent;
using Marten;

namespace ChangeLedger.Access;

/// <summary>
/// API keys, cached on each node so most requests need no key read. A revocation sends a PostgreSQL NOTIFY in the
/// same transaction; every node hears it through <see cref="LedgerNotifications"/> and evicts the key (milliseconds
/// after the commit), and the node that revoked it forgets it at once, so the revoker's next request already fails. A
/// node that is not listening (starting, or its listening connection lost) does not use the cache at all, and an entry
/// lives at most <see cref="Lifetime"/> regardless: revocation is never later than that bound, and normally immediate.
/// Unknown keys are never cached, so a new key works at once.
/// </summary>
public sealed class KeyCache
{
    public const string Channel = "changeledger_key_changed";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (ApiKey Key, long Until)> _keys = new(StringComparer.Ordinal);
    private readonly IDocumentStore _store;
    private readonly LedgerNotifications _notifications;
    private long _generation;

    public KeyCache(IDocumentStore store, LedgerNotifications notifications)
    {
        _store = store;
        _notifications = notifications;
        notifications.On(Channel, Evict);
    }

    public bool Listening => _notifications.Listening;

    public async Task<ApiKey?> Find(string keyId, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (Listening && _keys.TryGetValue(keyId, out var hit) && hit.Until > now) return hit.Key;
        var generation = Interlocked.Read(ref _generation);
        await using var session = _store.QuerySession();
        var key = await session.LoadAsync<ApiKey>(ApiKey.StreamKey(keyId), ct);
        // A notification that arrived while this read ran may concern this very key: then do not cache what was read.
        if (Listening && key is not null && Interlocked.Read(ref _generation) == generation)
            _keys[keyId] = (key, now + (long)Lifetime.TotalMilliseconds);
        return key;
    }

    /// <summary>Queues the notification into the session, so it is sent when (and only if) the change to the key commits.</summary>
    public static void Announce(IDocumentSession session, string keyId) => LedgerNotifications.Announce(session, Channel, keyId);

    /// <summary>The node that changed a key forgets it at once, without waiting for its own notification to come back.</summary>
    public void Forget(string keyId) => Evict(keyId);

    private void Evict(string? keyId)
    {
        Interlocked.Increment(ref _generation);
        if (keyId is null) _keys.Clear();
        else _keys.TryRemove(keyId, out _);
    }
}
