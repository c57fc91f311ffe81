using ChangeLedger.Access;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ChangeLedger.Integrations;

/// <summary>
/// An admin subscribed a webhook. The event names the secret only by its fingerprint: the secret itself is kept beside
/// the stream (<see cref="WebhookSecret"/>), so no trail or export ever shows it.
/// </summary>
public sealed record WebhookSubscribed(
    string SubscriptionId,
    string Url,
    IReadOnlyList<string> Repositories,
    IReadOnlyList<string> Types,
    string SecretFingerprint,
    string By,
    string Reason,
    DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>An admin changed a subscription; the event carries the whole subscription as it now stands.</summary>
public sealed record WebhookChanged(
    string SubscriptionId,
    string Url,
    IReadOnlyList<string> Repositories,
    IReadOnlyList<string> Types,
    string SecretFingerprint,
    string By,
    string Reason,
    DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>
/// An admin subscribed a webhook, named by its origin (scheme, host, port) and the fingerprint of its full URL: a URL
/// may carry its receiver's token (a query's <c>?token=</c>, a Slack or Discord secret in the path), and the event is
/// hash-chained forever, so the URL itself is kept beside the secret (<see cref="WebhookSecret"/>). Subscriptions made
/// before this event existed are <see cref="WebhookSubscribed"/>, URL and all, and stay so.
/// </summary>
public sealed record WebhookEndpointSubscribed(
    string SubscriptionId,
    string Origin,
    string UrlFingerprint,
    IReadOnlyList<string> Repositories,
    IReadOnlyList<string> Types,
    string SecretFingerprint,
    string By,
    string Reason,
    DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>An admin changed a subscription, named as <see cref="WebhookEndpointSubscribed"/> names it.</summary>
public sealed record WebhookEndpointChanged(
    string SubscriptionId,
    string Origin,
    string UrlFingerprint,
    IReadOnlyList<string> Repositories,
    IReadOnlyList<string> Types,
    string SecretFingerprint,
    string By,
    string Reason,
    DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

public sealed record WebhookRemoved(string SubscriptionId, string By, string Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => By;
}

/// <summary>
/// The HMAC key of a subscription, as given or generated, and (since events name only its origin) its full URL: read
/// only to deliver, and to show admins what they subscribed.
/// </summary>
public sealed record WebhookSecret(string Id, string Secret, string? Url = null)
{
    /// <summary>Scheme, host and port: what logs and events name a subscriber by (never its path, query or user info).</summary>
    public static string Origin(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Authority}" : "(not a URL)";

    public static string UrlFingerprint(string url) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)));

    public const string Prefix = "whsec_";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key bytes of a whsec_ secret, or null when it is not one (Standard Webhooks: base64 of 24 to 64 bytes).</summary>
    public static byte[]? Key(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var bytes = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[Prefix.Length..], bytes, out var n) && n is >= 24 and <= 64 ? bytes[..n] : null;
    }

    public static string Fingerprint(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..16];
}

/// <summary>A subscription as it stands: one stream per subscription, so its history (who, when, why) is an audit trail.
/// <see cref="Url"/> is set only for subscriptions whose events carried it; newer ones have <see cref="Origin"/> and
/// <see cref="UrlFingerprint"/>, their URL being beside the secret.</summary>
public sealed record WebhookSubscription(
    string Id,
    string SubscriptionId,
    string? Url,
    IReadOnlyList<string> Repositories,
    IReadOnlyList<string> Types,
    string SecretFingerprint,
    long Version,
    string ChangedBy,
    string Reason,
    DateTimeOffset ChangedAt,
    bool Removed,
    string? Origin = null,
    string? UrlFingerprint = null) : IAdminManaged
{
    /// <summary>Whether the subscription points at <paramref name="url"/>, however its events named it.</summary>
    public bool PointsAt(string url) => Url is not null ? Url == url : UrlFingerprint == WebhookSecret.UrlFingerprint(url);

    /// <summary>What logs name it by.</summary>
    public string OriginName => Origin ?? WebhookSecret.Origin(Url ?? "");

    // '~' never starts a change id, so subscription streams cannot collide with change streams (like ~trust: and ~key:).
    public const string StreamKeyPrefix = "~webhook:";

    public static string StreamKey(string subscriptionId) => StreamKeyPrefix + subscriptionId;

    /// <summary>Whether an event about <paramref name="repository"/> of CloudEvent type <paramref name="type"/> goes to this subscriber.</summary>
    public bool Wants(string repository, string type) => Covers(repository) && (Types.Count == 0 || Types.Contains(type, StringComparer.Ordinal));

    /// <summary>Whether this subscriber, while it stands, hears of anything about <paramref name="repository"/>.</summary>
    public bool Covers(string repository) => !Removed && new RepositoryScope(Repositories).Matches(repository);
}

public sealed partial class WebhookSubscriptionProjection : SingleStreamProjection<WebhookSubscription, string>
{
    public WebhookSubscriptionProjection()
    {
        IncludeType<WebhookSubscribed>();
        IncludeType<WebhookChanged>();
        IncludeType<WebhookEndpointSubscribed>();
        IncludeType<WebhookEndpointChanged>();
        IncludeType<WebhookRemoved>();
    }

    public override WebhookSubscription? Evolve(WebhookSubscription? subscription, string id, IEvent e) => (subscription, e.Data) switch
    {
        (_, WebhookSubscribed s) => new WebhookSubscription(id, s.SubscriptionId, s.Url, s.Repositories, s.Types, s.SecretFingerprint, e.Version, s.By, s.Reason, e.Timestamp, false),
        (not null, WebhookChanged c) => subscription with
        {
            Url = c.Url, Origin = null, UrlFingerprint = null, Repositories = c.Repositories, Types = c.Types, SecretFingerprint = c.SecretFingerprint,
            Version = e.Version, ChangedBy = c.By, Reason = c.Reason, ChangedAt = e.Timestamp, Removed = false,
        },
        (_, WebhookEndpointSubscribed s) => new WebhookSubscription(id, s.SubscriptionId, null, s.Repositories, s.Types, s.SecretFingerprint, e.Version, s.By, s.Reason,
            e.Timestamp, false, s.Origin, s.UrlFingerprint),
        (not null, WebhookEndpointChanged c) => subscription with
        {
            Url = null, Origin = c.Origin, UrlFingerprint = c.UrlFingerprint, Repositories = c.Repositories, Types = c.Types,
            SecretFingerprint = c.SecretFingerprint, Version = e.Version, ChangedBy = c.By, Reason = c.Reason, ChangedAt = e.Timestamp, Removed = false,
        },
        (not null, WebhookRemoved r) => subscription with { Version = e.Version, ChangedBy = r.By, Reason = r.Reason, ChangedAt = e.Timestamp, Removed = true },
        _ => subscription,
    };
}
