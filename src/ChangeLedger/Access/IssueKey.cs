using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;
using System.Security.Claims;

namespace ChangeLedger.Access;

/// <summary>
/// POST /v1/access/keys — issue a key. The secret is in the answer once and nowhere else: not in the event, not
/// in a receipt (so this write takes no eventId), not in a log.
/// </summary>
public static class IssueKey
{
    public static Validation Validate(IssueKeyRequest r, ClaimsPrincipal issuer, DateTimeOffset now)
    {
        var v = new Validation()
            .Required("name", r.Name)
            .Rule(r.Roles is { Count: > 0 }, "roles", $"'roles' names at least one of {string.Join(", ", Roles.All)}.")
            .List("roles", r.Roles)
            .Rule(r.Repositories is { Count: > 0 and <= 50 }, "repositories", "'repositories' lists 1 to 50 repository patterns, e.g. github.com/acme/*.")
            .Rule(r.ExpiresAt is null || r.ExpiresAt > now, "expiresAt", "'expiresAt' lies in the future.");
        foreach (var role in (r.Roles ?? []).Take(Validation.ListItems).Distinct(StringComparer.Ordinal))
        {
            v.Rule(Roles.All.Contains(role), "roles", $"'{role}' is not a role; roles are {string.Join(", ", Roles.All)}.");
            // No key mints a power it does not hold itself.
            v.Rule(!Roles.All.Contains(role) || issuer.HasRole(role), "roles", $"'{role}' is not a role of the issuing key, so it cannot grant it.");
        }
        // A scoped admin cannot mint a key that reaches further than its own.
        return v.Reach(r.Repositories, issuer.Scope(), whose: "this key's");
    }


    public static KeyInfo Info(ApiKey k) =>
        new(k.KeyId, k.Name, k.Roles, k.Repositories, k.IssuedBy, k.IssuedAt, k.ExpiresAt, k.RevokedBy, k.RevokeReason, k.RevokedAt);

    public static void Map(RouteGroupBuilder keys) =>
        keys.MapPost("/", async (IssueKeyRequest body, ClaimsPrincipal user, Wolverine.IMessageBus bus, TimeProvider clock, CancellationToken ct) =>
            {
                if (Validate(body, user, clock.GetUtcNow()) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                var issued = await bus.InvokeAsync<IssuedKey>(
                    new IssueKeyCommand(body.Name!, [.. body.Roles!.Distinct()], [.. body.Repositories!.Distinct()], body.ExpiresAt, Caller.Of(user)),
                    CancellationToken.None);
                return TypedResults.Created($"/v1/access/keys/{issued.Info.KeyId}", issued);
            })
            .WithName("IssueKey").WithSummary("Issue an API key (ApiKeyIssued); the secret is shown once")
            .Produces<IssuedKey>(StatusCodes.Status201Created).ProducesValidationProblem()
            .RequireAuthorization(Permissions.Administer);
}

/// <summary>A validated request for a new key, on behalf of the admin who asks.</summary>
public sealed record IssueKeyCommand(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Repositories, DateTimeOffset? ExpiresAt, Caller Caller);

/// <summary>
/// Issues a key through the admin streams' write path: a new stream with its <see cref="ApiKeyIssued"/>, answered
/// with the key as the ledger recorded it; the secret is in the answer only.
/// </summary>
public static class IssueKeyHandler
{
    public static async Task<IssuedKey> Handle(IssueKeyCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var secret = KeySecret.New();
        var stream = await AdminStreams.Open<ApiKey>(session, ApiKey.StreamKey(secret.KeyId), command.Caller, ct)
                     ?? throw new InvalidOperationException($"A new key id {secret.KeyId} names a key that exists.");
        var issued = new ApiKeyIssued(secret.KeyId, command.Name, command.Roles, command.Repositories, secret.Hash(), command.Caller.RecordedBy, command.ExpiresAt, clock.GetUtcNow());
        var outcome = await AdminStreams.Commit(session, stream, command.Caller, [issued], IssueKey.Info, ct);
        return new IssuedKey(secret.ToString(), (KeyInfo)outcome.Body);
    }
}
