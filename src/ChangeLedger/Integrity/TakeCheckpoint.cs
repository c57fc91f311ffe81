using ChangeLedger.Contracts.Integrity;
using Marten;

namespace ChangeLedger.Integrity;

/// <summary>POST /v1/integrity/checkpoints — take a signed checkpoint now (the schedule takes them periodically).</summary>
public static class TakeCheckpoint
{
    public static void Map(RouteGroupBuilder integrity) =>
        integrity.MapPost("/checkpoints", async (Wolverine.IMessageBus bus, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                TypedResults.Created("/v1/integrity/checkpoints",
                    await bus.InvokeAsync<Checkpoint>(new TakeCheckpointCommand("on-demand", Access.Caller.Of(user).Principal), ct)))
            .RequireAuthorization(Access.Permissions.Administer)
            .WithName("TakeCheckpoint").WithSummary("Record a signed checkpoint over every stream, now").Produces<Checkpoint>(StatusCodes.Status201Created);
}

/// <summary>GET /v1/integrity/public-key — the key checkpoints and exports are signed with, as PEM and key id.</summary>
public static class PublicKey
{
    public sealed record PublicKeyAnswer(string KeyId, string Algorithm, string PublicKeyPem);

    public static void Map(RouteGroupBuilder integrity) =>
        integrity.MapGet("/public-key", (SigningKey key) => Results.Ok(new PublicKeyAnswer(key.KeyId, "ECDSA P-256 SHA-256 (DER signature, base64)", key.PublicKeyPem)))
            .RequireAuthorization(Access.Permissions.ReadChanges)
            .WithName("GetPublicKey").WithSummary("The public key that verifies checkpoints and export manifests").Produces<PublicKeyAnswer>();
}

/// <summary>A checkpoint to take now, on demand or on schedule.</summary>
public sealed record TakeCheckpointCommand(string RecordedBy, string Principal);

public static class TakeCheckpointHandler
{
    public static Task<Checkpoint> Handle(TakeCheckpointCommand command, IDocumentStore store, SigningKey key, TimeProvider clock, CancellationToken ct) =>
        Checkpoints.Take(store, key, clock, command.RecordedBy, command.Principal, ct);
}
