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

/// <summary>
/// A delivery failed and is retried: the subscriber answered other than 2xx, could not be reached, or may not be sent to.
/// Its message names the subscription, the event and the kind of failure, never an address, port or URL (a dead letter
/// shows it to admins, and a URL may carry a token).
/// </summary>
public sealed class WebhookRefused(string message) : HttpRequestException(message)
{
    /// <summary>
    /// An expected outcome, not a fault of the ledger: where it was thrown says nothing, and without a stack trace the
    /// line Wolverine logs when it dead-letters the delivery stays one line.
    /// </summary>
    public override string? StackTrace => null;
}

/// <summary>
/// POSTs one CloudEvent (structured mode, application/cloudevents+json) to its subscriber, signed as Standard Webhooks
/// sign: <c>webhook-id</c> (the CloudEvent id, the same on every attempt), <c>webhook-timestamp</c> (Unix seconds of
/// this attempt) and <c>webhook-signature</c>: <c>v1,</c> and the base64 HMAC-SHA256, keyed with the secret's bytes,
/// of <c>{webhook-id}.{webhook-timestamp}.{body}</c>. Any 2xx is an acknowledgement; anything else, or no answer
/// within Webhooks:Timeout, is retried (<see cref="WebhookRetries"/>). A subscription removed meanwhile gets nothing.
/// Logs name the subscriber by its origin only; a failing subscriber is logged once until it recovers.
/// </summary>
public static class WebhookDeliveryHandler
{
    /// <summary>
    /// What deliveries log under. Wolverine logs every failed attempt, stack trace included, under the message type's
    /// name, which is therefore filtered out (Configuration); this handler logs a failing subscriber once, and anything
    /// unexpected with its stack trace, itself.
    /// </summary>
    public const string LogCategory = "ChangeLedger.Integrations.Webhooks";

    public static async Task Handle(WebhookDelivery delivery, IQuerySession session, IHttpClientFactory http, TimeProvider clock, WebhookDestinations destinations,
        IAddressResolver resolver, FailingSubscribers failing, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(LogCategory);
        try
        {
            await Deliver(delivery, session, http, clock, destinations, resolver, failing, log, ct);
        }
        catch (Exception ex) when (ex is not WebhookRefused and not OperationCanceledException)
        {
            log.LogError(ex, "Delivering event {EventId} to webhook subscription {SubscriptionId} failed unexpectedly; it is retried", delivery.EventId, delivery.SubscriptionId);
            throw;
        }
    }

    private static async Task Deliver(WebhookDelivery delivery, IQuerySession session, IHttpClientFactory http, TimeProvider clock, WebhookDestinations destinations,
        IAddressResolver resolver, FailingSubscribers failing, ILogger log, CancellationToken ct)
    {
        var key = WebhookSubscription.StreamKey(delivery.SubscriptionId);
        var subscription = await session.LoadAsync<WebhookSubscription>(key, ct);
        var secret = await session.LoadAsync<WebhookSecret>(key, ct);
        if (subscription is not { Removed: false } || secret is null)
        {
            log.LogInformation("Event {EventId} not sent: webhook subscription {SubscriptionId} was removed", delivery.EventId, delivery.SubscriptionId);
            return;
        }
        var url = new Uri(secret.Url ?? subscription.Url!);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(delivery.Body, new UTF8Encoding(false), "application/cloudevents+json"),
        };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", Signature(secret.Secret, delivery.EventId, timestamp, delivery.Body));
        HttpResponseMessage response;
        try
        {
            // A subscription registered before a rule tightened (https, allowed networks) is held to the rule now.
            if (destinations.Refusal(new Uri(url.GetLeftPart(UriPartial.Authority))) is not null) throw new WebhookDestinationRefused();
            await WebhookConnections.Permit(url, destinations, resolver, ct);
            response = await http.CreateClient(Configuration.HttpClientName).SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or WebhookDestinationRefused || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            var why = Why(ex);
            throw failing.Failed(subscription, why, $"Event {delivery.EventId} could not be sent to subscriber '{delivery.SubscriptionId}': {why}.", log);
        }
        using (response)
            if (!response.IsSuccessStatusCode)
                throw failing.Failed(subscription, $"it answered {(int)response.StatusCode}",
                    $"Subscriber '{delivery.SubscriptionId}' answered {(int)response.StatusCode} to event {delivery.EventId}.", log);
        failing.Succeeded(subscription, log);
        log.LogInformation("Event {EventId} ({EventType}) delivered to webhook subscription {SubscriptionId} at {Origin}",
            delivery.EventId, delivery.EventType, delivery.SubscriptionId, subscription.OriginName);
    }

    /// <summary>The kind of failure, in words that name no address: HttpClient's own messages end in "(host:port)".</summary>
    private static string Why(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is WebhookDestinationRefused refused) return refused.Message;
        return ex switch
        {
            TaskCanceledException => "it did not answer within Webhooks:Timeout",
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "its host name did not resolve",
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "the connection failed",
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "the TLS handshake failed",
            _ => "the request failed",
        };
    }

    public static string Signature(string secret, string id, string timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.Key(secret)!, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
}

/// <summary>
/// The subscribers whose deliveries are failing, on this node: the first failure is a warning naming the subscription, its
/// origin and why; the retries after it are not logged again, and the first success after them says it recovered.
/// </summary>
public sealed class FailingSubscribers
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);

    public WebhookRefused Failed(WebhookSubscription subscription, string why, string message, ILogger log)
    {
        if (_failing.TryAdd(subscription.SubscriptionId, true))
            log.LogWarning("Webhook subscription {SubscriptionId} at {Origin} is failing: {Reason}. Its deliveries are retried, then dead-lettered; logged once until it recovers.",
                subscription.SubscriptionId, subscription.OriginName, why);
        return new WebhookRefused(message);
    }

    public void Succeeded(WebhookSubscription subscription, ILogger log)
    {
        if (_failing.TryRemove(subscription.SubscriptionId, out _))
            log.LogInformation("Webhook subscription {SubscriptionId} at {Origin} receives deliveries again.", subscription.SubscriptionId, subscription.OriginName);
    }
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
