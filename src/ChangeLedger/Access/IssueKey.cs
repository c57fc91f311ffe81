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
    /// <summary>Every write to a key's stream: folded by the key's projection.</summary>
    public static readonly StreamKind<ApiKey> Writes = new("issue-key", "key", new ApiKeyProjection());

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
                // The secret is made here and leaves only in this answer: the command carries its hash.
                var secret = KeySecret.New();
                var outcome = await bus.InvokeAsync<WriteOutcome>(
                    new IssueKeyCommand(secret.KeyId, secret.Hash(), body.Name!, [.. body.Roles!.Distinct()], [.. body.Repositories!.Distinct()], body.ExpiresAt, Caller.Of(user)),
                    CancellationToken.None);
                if (outcome.Problem is { } problem) return Problems.Result(problem);
                var issued = new IssuedKey(secret.ToString(), (KeyInfo)outcome.Body);
                return TypedResults.Created($"/v1/access/keys/{issued.Info.KeyId}", issued);
            })
            .WithName("IssueKey").WithSummary("Issue an API key (ApiKeyIssued); the secret is shown once")
            .Produces<IssuedKey>(StatusCodes.Status201Created).ProducesValidationProblem()
            .RequireAuthorization(Permissions.Administer);
}

/// <summary>A validated request for a new key, on behalf of the admin who asks: a new key id and its secret's hash, never the secret.</summary>
public sealed record IssueKeyCommand(string KeyId, string SecretHash, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Repositories,
    DateTimeOffset? ExpiresAt, Caller Caller) : IStreamWrite<ApiKey>
{
    StreamKind<ApiKey> IStreamWrite<ApiKey>.Kind => IssueKey.Writes;
    public string StreamKey => ApiKey.StreamKey(KeyId);
    IReadOnlyList<string> IStreamWrite<ApiKey>.Reaches => Repositories;
    public Problem Unknown => new(403, "repository-out-of-scope", "The repositories reach beyond this key's scope",
        $"Key {Caller.KeyId} may grant [{string.Join(", ", Caller.Scope.Patterns)}] only.");
    public object Answer(ApiKey key) => IssueKey.Info(key);

    /// <summary>A new key id never names a key that exists: if it does, the write is refused rather than the key reissued.</summary>
    public Decision Decide(ApiKey? current, DateTimeOffset now) =>
        current is null
            ? Decision.Of(new ApiKeyIssued(KeyId, Name, Roles, Repositories, SecretHash, Caller.RecordedBy, ExpiresAt, now))
            : Problem.Conflict("key-exists", "The key id is taken", $"A new key id {KeyId} names a key that exists; nothing was recorded.");
}

/// <summary>Issues a key through the one stream-write path: a new stream with its <see cref="ApiKeyIssued"/>, answered with the key as recorded.</summary>
public static class IssueKeyHandler
{
    public static Task<WriteOutcome> Handle(IssueKeyCommand command, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        StreamWrites.Run(command, session, clock, ct);
}
