using System.Security.Claims;
using ChangeLedger.Contracts;
using Marten;

namespace ChangeLedger.Access;

/// <summary>
/// PUT /v1/access/signers/{keyId} — register a key that may sign attestations (201, SignerRegistered) or change the
/// repositories it signs for (200, SignerChanged); the same again records nothing (200). A key id names one key for
/// good: another key under a registered id, or any key under a revoked one, is 409. A scoped admin registers signers
/// only within its own repositories.
/// </summary>
public sealed record RegisterSigner(string KeyId, string Algorithm, string PublicKeyPem, IReadOnlyList<string> Repositories, string Reason, Caller Caller)
    : IStreamWrite<Signer>
{
    /// <summary>Every write to a signer's stream: folded by the signer's projection.</summary>
    public static readonly StreamKind<Signer> Writes = new("register-signer", "signer", new SignerProjection());

    StreamKind<Signer> IStreamWrite<Signer>.Kind => Writes;
    public string StreamKey => Signer.StreamKey(KeyId);
    IReadOnlyList<string> IStreamWrite<Signer>.Reaches => Repositories;
    Problem IStreamWrite<Signer>.Unknown => Unknown(KeyId);
    string? IStreamWrite<Signer>.Location => $"/v1/access/signers/{KeyId}";
    public Decision Decide(Signer? current, DateTimeOffset now) => Decide(current, this, now);
    public object Answer(Signer signer) => Info(signer);

    public static Validation ValidateId(string keyId) =>
        new Validation().Rule(keyId.Length is > 0 and <= 128 && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'),
            "keyId", "A signer's key id (the keyid its DSSE signatures carry) has 1 to 128 letters, digits, '-', '_', '.' or ':'.");

    public static Validation Validate(SignerRequest r, ClaimsPrincipal admin)
    {
        var v = new Validation()
            .Required("publicKeyPem", r.PublicKeyPem, 4000)
            .Required("reason", r.Reason, Validation.Text)
            .Rule(r.Repositories is { Count: > 0 and <= 50 }, "repositories", "'repositories' lists 1 to 50 repository patterns the key may sign for, e.g. github.com/acme/*.");
        if (r.PublicKeyPem is { Length: > 0 and <= 4000 } pem && SignerKeys.Read(pem).Problem is { } bad) v.Add("publicKeyPem", bad);
        return v.Reach(r.Repositories, admin.Scope());
    }

    /// <summary>What the signer becomes: nothing when it stands as asked, its registration, a change of repositories, or a refusal.</summary>
    public static Decision Decide(Signer? current, RegisterSigner c, DateTimeOffset now)
    {
        if (current is null)
            return Decision.Of(new SignerRegistered(c.KeyId, c.Algorithm, c.PublicKeyPem, c.Repositories, c.Caller.RecordedBy, c.Reason, now));
        if (current.Revoked)
            return Problem.Conflict("signer-revoked", "The signer is revoked",
                $"Key id '{c.KeyId}' was revoked ({current.Reason}); a revoked key id is never registered again. Register the new key under a new id.");
        if (current.PublicKeyPem != c.PublicKeyPem)
            return Problem.Conflict("signer-key-differs", "The key id names another key",
                $"Key id '{c.KeyId}' is registered with another public key; a key id names one key for good. Register the new key under a new id.");
        return current.Repositories.SequenceEqual(c.Repositories)
            ? Decision.Of()
            : Decision.Of(new SignerChanged(c.KeyId, c.Repositories, c.Caller.RecordedBy, c.Reason, now));
    }

    public static Problem Unknown(string keyId) =>
        new(404, "unknown-signer", "Unknown signer", $"No signer '{keyId}' is visible to this caller.");

    /// <summary>A scoped admin manages only signers that reach no further than its own repositories.</summary>

    public static SignerInfo Info(Signer s) => new(s.KeyId, s.Algorithm, s.PublicKeyPem, s.Repositories, s.Version, s.ChangedBy, s.Reason, s.ChangedAt, s.Revoked);

    public static void Map(RouteGroupBuilder signers) =>
        signers.MapPut("/{keyId}", async (string keyId, SignerRequest body, ClaimsPrincipal user, Wolverine.IMessageBus bus, CancellationToken ct) =>
            {
                if (ValidateId(keyId) is { IsValid: false } badId) return Problems.Result(badId.ToProblem());
                if (Validate(body, user) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                var algorithm = SignerKeys.Read(body.PublicKeyPem!).Algorithm!;
                var command = new RegisterSigner(keyId, algorithm, SignerKeys.Normalise(algorithm, body.PublicKeyPem!),
                    [.. body.Repositories!.Distinct(StringComparer.Ordinal)], body.Reason!, Caller.Of(user));
                return (await bus.InvokeAsync<WriteOutcome>(command, CancellationToken.None)).ToResult();
            })
            .WithName("RegisterSigner").WithSummary("Register a key that signs attestations, or change its repositories (SignerRegistered, SignerChanged)")
            .Produces<SignerInfo>(StatusCodes.Status201Created).Produces<SignerInfo>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Permissions.Administer);
}

/// <summary>Registers or changes a signer through the one stream-write path.</summary>
public static class RegisterSignerHandler
{
    public static Task<WriteOutcome> Handle(RegisterSigner command, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        StreamWrites.Run(command, session, clock, ct);
}
