using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Integrations;

/// <summary>DELETE /v1/integrations/webhooks/{subscriptionId}?reason= — remove a subscription: nothing more is sent to it, and its secret is deleted.</summary>
public sealed record RemoveWebhook(string SubscriptionId, string Reason, Caller Caller) : IStreamWrite<WebhookSubscription>
{
    StreamKind<WebhookSubscription> IStreamWrite<WebhookSubscription>.Kind => SetWebhook.Writes;
    public string StreamKey => WebhookSubscription.StreamKey(SubscriptionId);
    public Problem Unknown => SetWebhook.Unknown(SubscriptionId);
    public object Answer(WebhookSubscription s) => SetWebhook.Info(s);

    /// <summary>Removed once; removing a removed subscription answers it as it stands.</summary>
    public Decision Decide(WebhookSubscription? current, DateTimeOffset now) =>
        current is null ? Unknown
        : current.Removed ? Decision.Of()
        : Decision.Of(new WebhookRemoved(SubscriptionId, Caller.RecordedBy, Reason, now));

    public static void Map(RouteGroupBuilder webhooks) =>
        webhooks.MapDelete("/{subscriptionId}", async (string subscriptionId, string? reason, ClaimsPrincipal user, Wolverine.IMessageBus bus, CancellationToken ct) =>
            {
                if (SetWebhook.ValidateId(subscriptionId).Required("reason", reason, Validation.Text) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                return (await bus.InvokeAsync<WriteOutcome>(new RemoveWebhook(subscriptionId, reason!, Caller.Of(user)), CancellationToken.None)).ToResult();
            })
            .WithName("RemoveWebhook").WithSummary("Remove a webhook subscription (WebhookRemoved); the reason is required")
            .Produces<WebhookInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
}

/// <summary>Removes a subscription through the one stream-write path; its secret is deleted in the same commit.</summary>
public static class RemoveWebhookHandler
{
    public static async Task<WriteOutcome> Handle(RemoveWebhook command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await StreamWrites.Run(command, session, clock, ct);
        if (outcome.Events is { Count: > 0 }) session.Delete<WebhookSecret>(command.StreamKey);
        return outcome;
    }
}
