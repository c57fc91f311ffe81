using System.Security.Claims;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Access;

/// <summary>DELETE /v1/access/signers/{keyId}?reason= — revoke a signer; envelopes it signs are refused (422) from then on.</summary>
public sealed record RevokeSigner(string KeyId, string Reason, Caller Caller) : IStreamWrite<Signer>
{
    StreamKind<Signer> IStreamWrite<Signer>.Kind => RegisterSigner.Writes;
    public string StreamKey => Signer.StreamKey(KeyId);
    public Problem Unknown => RegisterSigner.Unknown(KeyId);
    public object Answer(Signer signer) => RegisterSigner.Info(signer);

    /// <summary>Revoked once; revoking a revoked signer answers it as it stands.</summary>
    public Decision Decide(Signer? current, DateTimeOffset now) =>
        current is null ? Unknown
        : current.Revoked ? Decision.Of()
        : Decision.Of(new SignerRevoked(KeyId, Caller.RecordedBy, Reason, now));

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

/// <summary>Revokes through the one stream-write path.</summary>
public static class RevokeSignerHandler
{
    public static Task<WriteOutcome> Handle(RevokeSigner command, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        StreamWrites.Run(command, session, clock, ct);
}
