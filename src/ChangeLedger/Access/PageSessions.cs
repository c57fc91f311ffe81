using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ChangeLedger.Access;

/// <summary>
/// A web-view session kept in PostgreSQL: the cookie carries only a random id (encrypted by data protection), the
/// ticket stays here. Signing out deletes the row, so a copied cookie is dead on every node from the next request; the
/// key or the trust rules that admitted the session are named, so revoking the one or changing the other deletes it in
/// the same transaction. The row's id is the SHA-256 of the cookie's id: a database reader cannot make a cookie from it.
/// </summary>
public sealed record PageSession(string Id, string Ticket, string? KeyId, string[] TrustRules, DateTimeOffset ExpiresAt);

public sealed class PageSessions(IDocumentStore store, TimeProvider clock) : ITicketStore
{
    /// <summary>Ends every session a key opened: queued into the revocation's own session, so they end when it commits.</summary>
    public static void EndForKey(IDocumentSession session, string keyId) => session.DeleteWhere<PageSession>(s => s.KeyId == keyId);

    /// <summary>Ends every session a trust rule admitted: after a change or removal the person signs in again under the rules as they stand.</summary>
    public static void EndForTrustRule(IDocumentSession session, string ruleId) => session.DeleteWhere<PageSession>(s => s.TrustRules.Contains(ruleId));

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await Save(key, ticket, CancellationToken.None);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => Save(key, ticket, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var session = store.QuerySession();
        var found = await session.LoadAsync<PageSession>(Id(key));
        if (found is null || found.ExpiresAt <= clock.GetUtcNow()) return null;
        return TicketSerializer.Default.Deserialize(Convert.FromBase64String(found.Ticket));
    }

    public async Task RemoveAsync(string key)
    {
        await using var session = store.LightweightSession();
        session.Delete<PageSession>(Id(key));
        await session.SaveChangesAsync();
    }

    private async Task Save(string key, AuthenticationTicket ticket, CancellationToken ct)
    {
        var principal = ticket.Principal;
        var expires = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow().AddHours(1);
        await using var session = store.LightweightSession();
        session.Store(new PageSession(Id(key), Convert.ToBase64String(TicketSerializer.Default.Serialize(ticket)),
            principal.FindFirstValue(CallerClaims.KeyIdClaim), [.. principal.FindAll(CallerClaims.TrustRuleClaim).Select(c => c.Value)], expires));
        // Sessions nobody signed out of would otherwise stay forever; each new one sweeps the expired.
        var now = clock.GetUtcNow();
        session.DeleteWhere<PageSession>(s => s.ExpiresAt < now);
        await session.SaveChangesAsync(ct);
    }

    private static string Id(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
