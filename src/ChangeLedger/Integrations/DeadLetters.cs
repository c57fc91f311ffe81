using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Integrity;
using JasperFx.Core;
using Marten;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace ChangeLedger.Integrations;

/// <summary>
/// GET /v1/integrations/dead-letters — what Wolverine gave up on after the last retry (webhook deliveries, witness
/// deliveries), read from its own dead-letter storage; POST …/{id}/replay — mark one replayable, and Wolverine's
/// durability agent moves it back into the durable inbox, where it is delivered again (same body, same webhook-id).
/// A scoped admin sees the webhook deliveries of subscriptions it manages only.
/// </summary>
public static class DeadLetters
{
    public const int MaxListed = 500;

    public static void Map(RouteGroupBuilder deadLetters)
    {
        deadLetters.MapGet("/", async (IWolverineRuntime runtime, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var found = await runtime.Storage.DeadLetters.QueryAsync(new DeadLetterEnvelopeQuery(TimeRange.AllTime()) { PageSize = MaxListed }, ct);
                var letters = found.Envelopes.Select(d => (d, Message(runtime, d))).ToList();
                var visible = await Visible(session, user.Scope(), letters, ct);
                return visible.OrderByDescending(l => l.Letter.FailedAt).Select(l => Info(l.Letter, l.Message)).ToList();
            })
            .WithName("ListDeadLetters").WithSummary($"Deliveries that failed every retry (webhooks, witnesses), newest first, at most {MaxListed}")
            .Produces<List<DeadLetterInfo>>()
            .RequireAuthorization(Permissions.Administer);

        deadLetters.MapPost("/{id}/replay", async (string id, IWolverineRuntime runtime, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (!Guid.TryParse(id, out var guid))
                    return Problems.Result(new Validation().Add("id", $"'{id}' is not a dead letter's id (a UUID from GET /v1/integrations/dead-letters).").ToProblem());
                var letter = await runtime.Storage.DeadLetters.DeadLetterEnvelopeByIdAsync(guid);
                var message = letter is null ? null : Message(runtime, letter);
                if (letter is null || (await Visible(session, user.Scope(), [(letter, message)], ct)).Count == 0)
                    return Problems.Result(new Problem(404, "unknown-dead-letter", "Unknown dead letter", $"No dead letter '{id}' is visible to this caller; it may have been replayed already."));
                await runtime.Storage.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([guid]), ct);
                return Results.Json(Info(letter, message) with { Replayable = true }, statusCode: StatusCodes.Status202Accepted);
            })
            .WithName("ReplayDeadLetter").WithSummary("Deliver a dead letter again: it goes back into the durable inbox and is retried as a new delivery")
            .Produces<DeadLetterInfo>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
    }

    /// <summary>The dead letter's message: the store keeps it serialized, and it is read with the serializer that wrote it.</summary>
    private static object? Message(IWolverineRuntime runtime, DeadLetterEnvelope d)
    {
        if ((d.Message ?? d.Envelope?.Message) is { } message) return message;
        if (d.Envelope is not { Data.Length: > 0 } envelope) return null;
        var type = d.MessageType == typeof(WebhookDelivery).FullName ? typeof(WebhookDelivery)
            : d.MessageType == typeof(WitnessCheckpoint).FullName ? typeof(WitnessCheckpoint) : null;
        return type is null ? null : runtime.Options.DefaultSerializer.ReadFromData(type, envelope);
    }

    private static async Task<List<(DeadLetterEnvelope Letter, object? Message)>> Visible(IQuerySession session, RepositoryScope scope,
        IReadOnlyList<(DeadLetterEnvelope Letter, object? Message)> letters, CancellationToken ct)
    {
        if (scope.IsEverything) return [.. letters];
        var ids = letters.Select(l => l.Message).OfType<WebhookDelivery>().Select(d => WebhookSubscription.StreamKey(d.SubscriptionId)).Distinct().ToList();
        var managed = (await session.LoadManyAsync<WebhookSubscription>(ct, ids)).Where(s => AdminStreams.Manages(scope, s)).Select(s => s.SubscriptionId).ToHashSet();
        return [.. letters.Where(l => l.Message is WebhookDelivery w && managed.Contains(w.SubscriptionId))];
    }

    private static DeadLetterInfo Info(DeadLetterEnvelope d, object? message) => message switch
    {
        WebhookDelivery w => new(d.Id, "webhook", w.SubscriptionId, w.EventId, w.EventType, w.ChangeId, d.FailedAt, d.ExceptionType, d.ExceptionMessage, d.ReplayCount, d.Replayable),
        WitnessCheckpoint => new(d.Id, "witness", null, null, null, null, d.FailedAt, d.ExceptionType, d.ExceptionMessage, d.ReplayCount, d.Replayable),
        _ => new(d.Id, d.MessageType ?? "unknown", null, null, null, null, d.FailedAt, d.ExceptionType, d.ExceptionMessage, d.ReplayCount, d.Replayable),
    };
}
