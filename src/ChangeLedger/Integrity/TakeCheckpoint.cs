using ChangeLedger.Contracts.Integrity;
using Marten;

namespace ChangeLedger.Integrity;

/// <summary>POST /v1/integrity/checkpoints — take a signed checkpoint of the log now (the schedule takes them periodically).</summary>
public static class TakeCheckpoint
{
    public static void Map(RouteGroupBuilder integrity) =>
        integrity.MapPost("/checkpoints", async (Wolverine.IMessageBus bus, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                TypedResults.Created("/v1/integrity/checkpoints",
                    await bus.InvokeAsync<LogCheckpoint>(new TakeCheckpointCommand("on-demand", Access.Caller.Of(user).Principal), ct)))
            .RequireAuthorization(Access.Permissions.Administer)
            .WithName("TakeCheckpoint").WithSummary("Record a signed checkpoint of the append-only log, now, and send it to the witnesses")
            .Produces<LogCheckpoint>(StatusCodes.Status201Created);
}

/// <summary>A checkpoint to take now, on demand.</summary>
public sealed record TakeCheckpointCommand(string RecordedBy, string Principal);

/// <summary>
/// Takes the checkpoint in the handler's transaction; the witness message leaves through Wolverine's durable outbox in
/// that same transaction, so a checkpoint is recorded and sent to the witnesses, or neither.
/// </summary>
public static class TakeCheckpointHandler
{
    public static async Task<(LogCheckpoint, WitnessCheckpoint)> Handle(TakeCheckpointCommand command, IDocumentSession session, SigningKey key,
        TimeProvider clock, Microsoft.Extensions.Options.IOptions<IntegritySettings> settings, CancellationToken ct)
    {
        await LogCheckpoints.TakeLock(session, ct);
        var recorded = await LogCheckpoints.Take(session, key, clock.GetUtcNow(), settings.Value.GapTimeout, command.RecordedBy, command.Principal, ct);
        return (recorded.ToContract(), new WitnessCheckpoint(recorded.TreeSize, recorded.Note));
    }
}

/// <summary>GET /v1/integrity/public-key — the key the ledger signs with now, as PEM and key id.</summary>
public static class PublicKey
{
    public sealed record PublicKeyAnswer(string KeyId, string Algorithm, string PublicKeyPem);

    public static void Map(RouteGroupBuilder integrity) =>
        integrity.MapGet("/public-key", (SigningKey key) => Results.Ok(new PublicKeyAnswer(key.KeyId, SigningKey.Algorithm, key.PublicKeyPem)))
            .RequireAuthorization(Access.Permissions.ReadChanges)
            .WithName("GetPublicKey").WithSummary("The public key the ledger signs with now (every key it ever signed with: /v1/integrity/keys)").Produces<PublicKeyAnswer>();
}

/// <summary>GET /v1/integrity/keys — every key the ledger signs or signed with, and when, so signatures made before a rotation still verify.</summary>
public static class PublishedKeys
{
    public static void Map(RouteGroupBuilder integrity) =>
        integrity.MapGet("/keys", (SigningKey key) => Results.Ok(new KeyList(key.Published)))
            .RequireAuthorization(Access.Permissions.ReadChanges)
            .WithName("ListSigningKeys").WithSummary("Every signing key the ledger uses or used, with its validity period").Produces<KeyList>();
}
