using System.Security.Claims;
using ChangeLedger.Contracts;
using Marten;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Access;

/// <summary>GET /v1/access/signers — the signers the caller manages; GET …/{keyId}/trail — a signer's whole history.</summary>
public static class ListSigners
{
    public static void Map(RouteGroupBuilder signers)
    {
        signers.MapGet("/", async (IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                (await session.Query<Signer>().OrderBy(s => s.KeyId).ToListAsync(ct))
                .Where(s => AdminStreams.Manages(user.Scope(), s)).Select(RegisterSigner.Info).ToList())
            .WithName("ListSigners").WithSummary("List attestation signers, revoked ones included")
            .Produces<List<SignerInfo>>()
            .RequireAuthorization(Permissions.Administer);

        signers.MapGet("/{keyId}/trail", async (string keyId, IQuerySession session, ClaimsPrincipal user,
                IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
            {
                if (RegisterSigner.ValidateId(keyId) is { IsValid: false } badId) return Problems.Result(badId.ToProblem());
                var key = Signer.StreamKey(keyId);
                var signer = await session.LoadAsync<Signer>(key, ct);
                if (signer is null || !AdminStreams.Manages(user.Scope(), signer)) return Problems.Result(RegisterSigner.Unknown(keyId));
                var events = await session.Events.FetchStreamAsync(key, token: ct);
                var entries = events.Select(e => LedgerTrail.Entry(e, json.Value.SerializerOptions)).ToList();
                return Results.Ok(new AuditTrail(key, entries[^1].Version, entries));
            })
            .WithName("GetSignerTrail").WithSummary("A signer's audit trail: registered, changed, revoked; who, when, why")
            .Produces<AuditTrail>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.Administer);
    }
}
