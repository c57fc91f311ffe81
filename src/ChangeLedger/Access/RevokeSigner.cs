using System.Security.Claims;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Access;

/// <summary>DELETE /v1/access/signers/{keyId}?reason= — revoke a signer; envelopes it signs are refused (422) from then on.</summary>
public sealed record RevokeSigner(string KeyId, string Reason, Caller Caller)
{
    public static void Map(RouteGroupBuilder signers) =>
        signers.MapDelete("/{keyId}", async (string keyId, string? reason, ClaimsPrincipal user, Wolverine.IMessageBus bus, CancellationToken ct) =>
            {
                if (RegisterSigner.ValidateId(keyId).Required("reason", reason, Validation.Text) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                return (await bus.InvokeAsync<WriteOutcome>(new RevokeSigner(keyId, reason!, Caller.Of(user)), CancellationToken.None)).ToResult();
            })
            .WithName("RevokeSigner").WithSummary("Revoke an attestation signer (SignerRevoked); the reason is required")
            .Produces<SignerInfo>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
}

/// <summary>Revokes under the signer stream's lock; revoking a revoked signer answers it as it stands.</summary>
public static class RevokeSignerHandler
{
    public static async Task<WriteOutcome> Handle(RevokeSigner command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await AdminStreams.Open<Signer>(session, Signer.StreamKey(command.KeyId), command.Caller, ct) is not { Aggregate: { } signer } stream)
            return WriteOutcome.Refused(RegisterSigner.Unknown(command.KeyId));
        if (signer.Revoked) return new WriteOutcome(StatusCodes.Status200OK, RegisterSigner.Info(signer));
        return await AdminStreams.Commit(session, stream, command.Caller, [new SignerRevoked(command.KeyId, command.Caller.RecordedBy, command.Reason, clock.GetUtcNow())],
            RegisterSigner.Info, ct);
    }
}
