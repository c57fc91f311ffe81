using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using Marten;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Policies;

/// <summary>
/// GET /v1/environments/{environment}/freeze-windows/{windowId}/trail — a window's history: who set, changed or removed
/// it and why, and each occurrence its schedule recorded as started and ended. A removed window keeps its trail.
/// </summary>
public static class FreezeWindowTrail
{
    public static void Map(RouteGroupBuilder environments) =>
        environments.MapGet("/{environment}/freeze-windows/{windowId}/trail", async (string environment, string windowId, IQuerySession session, ClaimsPrincipal user,
                IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
            {
                environment = Uri.UnescapeDataString(environment);
                if (SetFreezeWindow.ValidateTarget(environment, windowId) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                var key = FreezeWindow.StreamKey(environment, windowId);
                var window = await session.LoadAsync<FreezeWindow>(key, ct);
                if (window is null || !SetFreezeWindow.Sees(user.Scope(), window)) return Problems.Result(SetFreezeWindow.Unknown(environment, windowId));
                var events = await session.Events.FetchStreamAsync(key, token: ct);
                var entries = events.Select(e => LedgerTrail.Entry(e, json.Value.SerializerOptions)).ToList();
                return Results.Ok(new AuditTrail(key, entries[^1].Version, entries));
            })
            .WithName("GetFreezeWindowTrail").WithSummary("A freeze window's trail: set, changed, removed, and each occurrence started and ended")
            .Produces<AuditTrail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Permissions.ReadChanges);
}
