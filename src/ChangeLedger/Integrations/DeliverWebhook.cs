using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JasperFx;
using JasperFx.CodeGeneration;
using Marten;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace ChangeLedger.Integrations;

/// <summary>A subscriber answered something other than 2xx: the delivery failed and is retried.</summary>
public sealed class WebhookRefused(string message) : HttpRequestException(message);

/// <summary>
/// POSTs one CloudEvent (structured mode, application/cloudevents+json) to its subscriber, signed as Standard Webhooks
/// sign: <c>webhook-id</c> (the CloudEvent id, the same on every attempt), <c>webhook-timestamp</c> (Unix seconds of
/// this attempt) and <c>webhook-signature</c>: <c>v1,</c> and the base64 HMAC-SHA256, keyed with the secret's bytes,
/// of <c>{webhook-id}.{webhook-timestamp}.{body}</c>. Any 2xx is an acknowledgement; anything else, or no answer
/// within Webhooks:Timeout, is retried (<see cref="WebhookRetries"/>). A subscription removed meanwhile gets nothing.
/// </summary>
public static class WebhookDeliveryHandler
{
    public static async Task Handle(WebhookDelivery delivery, IQuerySession session, IHttpClientFactory http, TimeProvider clock,
        ILogger<WebhookDelivery> log, CancellationToken ct)
    {
        var key = WebhookSubscription.StreamKey(delivery.SubscriptionId);
        var subscription = await session.LoadAsync<WebhookSubscription>(key, ct);
        var secret = await session.LoadAsync<WebhookSecret>(key, ct);
        if (subscription is not { Removed: false } || secret is null)
        {
            log.LogInformation("Event {EventId} not sent: webhook subscription {SubscriptionId} was removed", delivery.EventId, delivery.SubscriptionId);
            return;
        }
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, new UTF8Encoding(false), "application/cloudevents+json"),
        };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", Signature(secret.Secret, delivery.EventId, timestamp, delivery.Body));
        using var response = await http.CreateClient(Configuration.HttpClientName).SendAsync(request, ct);
        // The URL stays out of the message (it may carry a token); the subscription id names the subscriber.
        if (!response.IsSuccessStatusCode)
            throw new WebhookRefused($"Subscriber '{delivery.SubscriptionId}' answered {(int)response.StatusCode} to event {delivery.EventId}.");
        log.LogInformation("Event {EventId} ({EventType}) delivered to webhook subscription {SubscriptionId}", delivery.EventId, delivery.EventType, delivery.SubscriptionId);
    }

    public static string Signature(string secret, string id, string timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.Key(secret)!, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
}

/// <summary>
/// How failed deliveries are retried: first in place after each of Webhooks:RetryCooldowns (default 1 s, 5 s, 30 s),
/// then rescheduled in the durable inbox after each of Webhooks:RetrySchedule (default 5 min, 30 min, 2 h, 6 h; the
/// durability agent picks a rescheduled delivery up within its polling interval), then moved to Wolverine's
/// dead-letter storage, where GET /v1/integrations/dead-letters lists it. Each list is comma-separated TimeSpans; empty
/// or "none" skips that stage.
/// </summary>
public sealed class WebhookRetries(IReadOnlyList<TimeSpan> cooldowns, IReadOnlyList<TimeSpan> schedule) : IHandlerPolicy
{
    /// <summary>The settings as bound; a list that does not parse is reported by the start's validation, so it counts as empty here.</summary>
    public static WebhookRetries From(WebhookSettings settings) =>
        new(WebhookSettings.Delays(settings.RetryCooldowns) ?? [], WebhookSettings.Delays(settings.RetrySchedule) ?? []);

    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.MessageType == typeof(WebhookDelivery)))
        {
            var policy = chain.OnAnyException();
            if (cooldowns.Count > 0 && schedule.Count > 0) policy.RetryWithCooldown([.. cooldowns]).Then.ScheduleRetry([.. schedule]).Then.MoveToErrorQueue();
            else if (cooldowns.Count > 0) policy.RetryWithCooldown([.. cooldowns]).Then.MoveToErrorQueue();
            else if (schedule.Count > 0) policy.ScheduleRetry([.. schedule]).Then.MoveToErrorQueue();
            else policy.MoveToErrorQueue();
        }
    }
}
