namespace ChangeLedger.Contracts;

/// <summary>A webhook subscription: where the ledger POSTs CloudEvents, for which repositories and types, signed with which secret.</summary>
/// <param name="Url">Where each event is POSTed: an absolute http or https URL.</param>
/// <param name="Repositories">Repository patterns whose events it receives ('*' any run of characters), 1 to 50; e.g. github.com/acme/*.</param>
/// <param name="Types">The CloudEvent types it receives (see docs/integrations.md); absent or empty, all of them.</param>
/// <param name="Secret">The HMAC key, Standard Webhooks form: whsec_ and the base64 of 24 to 64 bytes. Absent on creation, the service generates one and answers it this once; absent on a change, the secret stays.</param>
/// <param name="Reason">Why the subscription is created or changed: kept in the ledger.</param>
public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Repositories, IReadOnlyList<string>? Types, string? Secret, string? Reason);

/// <summary>A subscription as it stands, with who last changed it and why; never its secret, only its fingerprint.</summary>
/// <param name="SubscriptionId">The subscription's id, chosen by the admin.</param>
/// <param name="Url">Where events are POSTed.</param>
/// <param name="Repositories">The repository patterns whose events it receives.</param>
/// <param name="Types">The CloudEvent types it receives; empty, all of them.</param>
/// <param name="Version">The version of the subscription's stream.</param>
/// <param name="ChangedBy">Who last changed it.</param>
/// <param name="Reason">Why it was last changed.</param>
/// <param name="ChangedAt">When it was last changed.</param>
/// <param name="Removed">Whether it was removed: nothing is sent to it any more.</param>
/// <param name="SecretFingerprint">The first 16 hex characters of SHA-256 over the secret as given (whsec_…), to tell which secret is in force.</param>
public sealed record WebhookInfo(
    string SubscriptionId,
    string Url,
    IReadOnlyList<string> Repositories,
    IReadOnlyList<string> Types,
    string SecretFingerprint,
    long Version,
    string ChangedBy,
    string Reason,
    DateTimeOffset ChangedAt,
    bool Removed);

/// <summary>The answer to creating or changing a subscription. <see cref="Secret"/> is the secret the service generated, shown this once; null when the admin gave it or it stayed.</summary>
public sealed record WebhookAnswer(WebhookInfo Subscription, string? Secret);

/// <summary>A message Wolverine gave up on after its retries, kept in its dead-letter storage until replayed.</summary>
/// <param name="Id">The dead letter's id: POST /v1/integrations/dead-letters/{id}/replay delivers it again.</param>
/// <param name="Kind">webhook (a CloudEvent to a subscriber), witness (a checkpoint to the witnesses), or the message type.</param>
/// <param name="SubscriptionId">For a webhook: the subscriber.</param>
/// <param name="EventId">For a webhook: the CloudEvent's id (the webhook-id header); receivers de-duplicate on it.</param>
/// <param name="EventType">For a webhook: the CloudEvent's type.</param>
/// <param name="ChangeId">For a webhook: the change the event is about.</param>
/// <param name="FailedAt">When it was moved to the dead letters.</param>
/// <param name="ErrorType">The type of the last failure.</param>
/// <param name="Error">The last failure, e.g. "Subscriber 'siem' answered 503 to event pay-104/7".</param>
/// <param name="ReplayCount">How often it was replayed and failed again.</param>
/// <param name="Replayable">Marked for replay: Wolverine moves it back into the inbox shortly.</param>
public sealed record DeadLetterInfo(
    Guid Id,
    string Kind,
    string? SubscriptionId,
    string? EventId,
    string? EventType,
    string? ChangeId,
    DateTimeOffset? FailedAt,
    string? ErrorType,
    string? Error,
    int ReplayCount,
    bool Replayable);
