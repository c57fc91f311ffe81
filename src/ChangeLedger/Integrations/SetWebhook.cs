using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Integrations;

/// <summary>
/// PUT /v1/integrations/webhooks/{subscriptionId} — subscribe a webhook (201, WebhookSubscribed) or change it (200,
/// WebhookChanged); the same subscription again records nothing (200). The secret is generated when none is given on
/// creation and answered that once; a scoped admin manages only subscriptions within its repositories.
/// </summary>
/// <remarks><paramref name="Generated"/> is a fresh secret, used only when none is given and none is kept.</remarks>
public sealed record SetWebhook(string SubscriptionId, string Url, IReadOnlyList<string> Repositories, IReadOnlyList<string> Types, string? Secret,
    string Generated, string Reason, Caller Caller) : IStreamWrite<WebhookSubscription>
{
    /// <summary>Every write to a subscription's stream: folded by the subscription's projection.</summary>
    public static readonly StreamKind<WebhookSubscription> Writes = new("set-webhook", "webhook subscription", new WebhookSubscriptionProjection());

    StreamKind<WebhookSubscription> IStreamWrite<WebhookSubscription>.Kind => Writes;
    public string StreamKey => WebhookSubscription.StreamKey(SubscriptionId);
    IReadOnlyList<string> IStreamWrite<WebhookSubscription>.Reaches => Repositories;
    Problem IStreamWrite<WebhookSubscription>.Unknown => Unknown(SubscriptionId);
    string? IStreamWrite<WebhookSubscription>.Location => $"/v1/integrations/webhooks/{SubscriptionId}";

    /// <summary>
    /// The secret's fingerprint the subscription is to have: the one given, else the one it keeps, else the generated
    /// one (a removed subscription's secret is gone with it: coming back, it gets a new one unless one is given).
    /// </summary>
    public Decision Decide(WebhookSubscription? current, DateTimeOffset now) =>
        Decide(current, this, Secret is not null ? WebhookSecret.Fingerprint(Secret)
            : current is { Removed: false } ? current.SecretFingerprint : WebhookSecret.Fingerprint(Generated), now);

    /// <summary>The subscription, with the generated secret when it is the one it now has: answered that once.</summary>
    public object Answer(WebhookSubscription s) =>
        new WebhookAnswer(Info(s, Url), Secret is null && s.SecretFingerprint == WebhookSecret.Fingerprint(Generated) ? Generated : null);

    public static Validation ValidateId(string subscriptionId) =>
        new Validation().Rule(subscriptionId.Length is > 0 and <= 64 && subscriptionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
            "subscriptionId", "A subscription id has 1 to 64 letters, digits, '-', '_' or '.'.");

    /// <summary>The request's own rules, and, with <paramref name="destinations"/>, whether the ledger may send where it points.</summary>
    public static Validation Validate(WebhookRequest r, ClaimsPrincipal admin, WebhookDestinations? destinations)
    {
        var absolute = Uri.TryCreate(r.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
        var v = new Validation()
            .Required("url", r.Url, 2000)
            .Required("reason", r.Reason, Validation.Text)
            .Rule(r.Url is null || absolute, "url", "'url' is an absolute http or https URL, e.g. https://siem.example.com/hooks/changeledger.");
        if (absolute && destinations?.Refusal(url!) is { } refused) v.Add("url", refused);
        v.Rule(r.Repositories is { Count: > 0 and <= 50 }, "repositories", "'repositories' lists 1 to 50 repository patterns, e.g. github.com/acme/* or *.")
            .Rule(r.Types is null || r.Types.Count <= OutboundEvents.Types.Count, "types", $"'types' lists at most {OutboundEvents.Types.Count} types.")
            .Rule(r.Secret is null || WebhookSecret.Key(r.Secret) is not null, "secret",
                "'secret' is whsec_ and the base64 of 24 to 64 random bytes (Standard Webhooks); leave it out to have one generated.");
        foreach (var type in r.Types ?? [])
            v.Rule(OutboundEvents.Types.Contains(type, StringComparer.Ordinal), "types", $"'{type}' is not a type the ledger sends; types are {string.Join(", ", OutboundEvents.Types)}.");
        return v.Reach(r.Repositories, admin.Scope());
    }

    /// <summary>What the subscription becomes: nothing when it stands as asked, else its creation or change, naming the URL by origin and fingerprint.</summary>
    public static Decision Decide(WebhookSubscription? current, SetWebhook c, string fingerprint, DateTimeOffset now)
    {
        if (current is not null && !current.Removed && current.PointsAt(c.Url) && current.Repositories.SequenceEqual(c.Repositories)
            && current.Types.SequenceEqual(c.Types) && current.SecretFingerprint == fingerprint)
            return Decision.Of();
        var origin = WebhookSecret.Origin(c.Url);
        var url = WebhookSecret.UrlFingerprint(c.Url);
        return current is null
            ? Decision.Of(new WebhookEndpointSubscribed(c.SubscriptionId, origin, url, c.Repositories, c.Types, fingerprint, c.Caller.RecordedBy, c.Reason, now))
            : Decision.Of(new WebhookEndpointChanged(c.SubscriptionId, origin, url, c.Repositories, c.Types, fingerprint, c.Caller.RecordedBy, c.Reason, now));
    }

    public static Problem Unknown(string subscriptionId) =>
        new(404, "unknown-webhook", "Unknown webhook subscription", $"No webhook subscription '{subscriptionId}' is visible to this caller.");

    /// <summary>The subscription as admins read it; its URL from its events, or from beside its secret (a removed one's is gone: its origin).</summary>
    public static WebhookInfo Info(WebhookSubscription s, string? url = null) =>
        new(s.SubscriptionId, s.Url ?? url ?? s.OriginName, s.Repositories, s.Types, s.SecretFingerprint, s.Version, s.ChangedBy, s.Reason, s.ChangedAt, s.Removed);

    public static void Map(RouteGroupBuilder webhooks) =>
        webhooks.MapPut("/{subscriptionId}", async (string subscriptionId, WebhookRequest body, ClaimsPrincipal user, WebhookDestinations destinations,
                Wolverine.IMessageBus bus, CancellationToken ct) =>
            {
                if (ValidateId(subscriptionId) is { IsValid: false } badId) return Problems.Result(badId.ToProblem());
                if (Validate(body, user, destinations) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                var command = new SetWebhook(subscriptionId, body.Url!, [.. body.Repositories!.Distinct(StringComparer.Ordinal)],
                    [.. (body.Types ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], body.Secret, WebhookSecret.Generate(), body.Reason!, Caller.Of(user));
                return (await bus.InvokeAsync<WriteOutcome>(command, CancellationToken.None)).ToResult();
            })
            .WithName("SetWebhook").WithSummary("Subscribe a webhook to the ledger's CloudEvents, or change it (WebhookEndpointSubscribed, WebhookEndpointChanged)")
            .Produces<WebhookAnswer>(StatusCodes.Status201Created).Produces<WebhookAnswer>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
}

/// <summary>Sets a subscription through the one stream-write path, its secret and URL stored beside the events in the same transaction.</summary>
public static class SetWebhookHandler
{
    public static async Task<WriteOutcome> Handle(SetWebhook command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await StreamWrites.Run(command, session, clock, ct);
        if (outcome.Events is not { Count: > 0 }) return outcome;
        var secret = command.Secret ?? ((WebhookAnswer)outcome.Body).Secret
            ?? (await session.LoadAsync<WebhookSecret>(command.StreamKey, ct))?.Secret
            ?? throw new InvalidOperationException($"Subscription {command.SubscriptionId} keeps a secret that is not stored.");
        session.Store(new WebhookSecret(command.StreamKey, secret, command.Url));
        return outcome;
    }
}
