using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Integrations;

/// <summary>DELETE /v1/integrations/webhooks/{subscriptionId}?reason= — remove a subscription: nothing more is sent to it, and its secret is deleted.</summary>
public sealed record RemoveWebhook(string SubscriptionId, string Reason, Caller Caller)
{
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

/// <summary>Removes a subscription under its stream's lock; removing a removed one answers it as it stands.</summary>
public static class RemoveWebhookHandler
{
    public static async Task<WriteOutcome> Handle(RemoveWebhook command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var key = WebhookSubscription.StreamKey(command.SubscriptionId);
        if (await AdminStreams.Open<WebhookSubscription>(session, key, command.Caller, ct) is not { Aggregate: { } subscription } stream)
            return WriteOutcome.Refused(SetWebhook.Unknown(command.SubscriptionId));
        if (subscription.Removed) return new WriteOutcome(StatusCodes.Status200OK, SetWebhook.Info(subscription));
        session.Delete<WebhookSecret>(key);
        return await AdminStreams.Commit(session, stream, command.Caller, [new WebhookRemoved(command.SubscriptionId, command.Caller.RecordedBy, command.Reason, clock.GetUtcNow())],
            s => SetWebhook.Info(s), ct);
    }
}
