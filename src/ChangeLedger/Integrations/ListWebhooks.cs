using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Integrations;

/// <summary>GET /v1/integrations/webhooks — the subscriptions the caller manages, removed ones included; never a secret.</summary>
public static class ListWebhooks
{
    public static void Map(RouteGroupBuilder webhooks) =>
        webhooks.MapGet("/", async (IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var managed = (await session.Query<WebhookSubscription>().OrderBy(s => s.SubscriptionId).ToListAsync(ct))
                    .Where(s => AdminStreams.Manages(user.Scope(), s)).ToList();
                // Newer subscriptions' URLs are kept beside their secrets, not in their events.
                var urls = (await session.LoadManyAsync<WebhookSecret>(ct, managed.Select(s => s.Id))).ToDictionary(w => w.Id, w => w.Url, StringComparer.Ordinal);
                return managed.Select(s => SetWebhook.Info(s, urls.GetValueOrDefault(s.Id))).ToList();
            })
            .WithName("ListWebhooks").WithSummary("List webhook subscriptions, removed ones included (never their secrets)")
            .Produces<List<WebhookInfo>>()
            .RequireAuthorization(Permissions.Administer);
}
