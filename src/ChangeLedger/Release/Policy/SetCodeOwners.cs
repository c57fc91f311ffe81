using System.Security.Claims;
using System.Text.Json.Serialization;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace ChangeLedger.Policies;

/// <summary>A repository's CODEOWNERS file was imported: the file as committed, and whose semantics it follows.</summary>
public sealed record CodeOwnersSet(string Repository, CodeOwnersDialect Dialect, string File, string SetBy, string? Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => SetBy;
}

/// <summary>
/// The code owners in force for a repository: the last file imported, versioned like its policy, and that file as its
/// forge reads it (read once, when it is imported, not on every read of it).
/// </summary>
public sealed record CodeOwnership(string Id, string Repository, string File, string Digest, CodeOwnersFile Read, long Version, string SetBy, string? Reason,
    DateTimeOffset SetAt) : IAdminManaged
{
    public static string StreamKey(string repository) => "~codeowners:" + Uri.EscapeDataString(repository);

    [JsonIgnore] public IReadOnlyList<string> Repositories => [Repository];

    public CodeOwners ToContract(IReadOnlyList<string>? paths = null) =>
        new(Repository, Digest, Version, SetBy, Reason, SetAt, Read, paths is { Count: > 0 } ? Read.Owners(paths) : null);
}

public sealed partial class CodeOwnershipProjection : SingleStreamProjection<CodeOwnership, string>
{
    public CodeOwnershipProjection() => IncludeType<CodeOwnersSet>();

    public override CodeOwnership? Evolve(CodeOwnership? current, string id, IEvent e) => e.Data is CodeOwnersSet set
        ? new CodeOwnership(id, set.Repository, set.File, SetCodeOwners.Digest(set.File), CodeOwnersRules.Parse(set.File, set.Dialect), e.Version, set.SetBy,
            set.Reason, e.Timestamp)
        : current;
}

/// <summary>
/// PUT /v1/repositories/{repository}/code-owners — import the repository's CODEOWNERS file (CodeOwnersSet); each
/// import is a new version, and the same file again records nothing (200). GET reads the owners in force, now or as of
/// a past moment, and with <c>?path=</c> who owns each path. Lines the forge would skip are answered as errors and
/// skipped, as the forge skips them.
/// </summary>
public sealed record SetCodeOwners(string Repository, CodeOwnersDialect Dialect, string File, string SetBy, string? Reason, Caller Caller)
    : IStreamWrite<CodeOwnership>
{
    public const int MaxBytes = 512 * 1024;
    public const int MaxPaths = 1000;

    /// <summary>Every write to a repository's code owners: folded by their projection.</summary>
    public static readonly StreamKind<CodeOwnership> Writes = new("set-code-owners", "code owners", new CodeOwnershipProjection());

    StreamKind<CodeOwnership> IStreamWrite<CodeOwnership>.Kind => Writes;
    public string StreamKey => CodeOwnership.StreamKey(Repository);
    IReadOnlyList<string> IStreamWrite<CodeOwnership>.Reaches => [Repository];
    public Problem Unknown => SetPolicy.OutOfScope(Repository);
    string? IStreamWrite<CodeOwnership>.Location => $"/v1/repositories/{Uri.EscapeDataString(Repository)}/code-owners";
    public Decision Decide(CodeOwnership? current, DateTimeOffset now) => Decide(current, this, now);
    public object Answer(CodeOwnership owners) => owners.ToContract();

    public static string Digest(string file) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(file)));

    public static Validation Validate(CodeOwnersRequest r) =>
        new Validation()
            .Required("dialect", r.Dialect)
            .Rule(r.File is { Length: > 0 } && System.Text.Encoding.UTF8.GetByteCount(r.File) <= MaxBytes, "file", $"'file' is the CODEOWNERS text, 1 byte to {MaxBytes / 1024} KiB.")
            .Required("setBy", r.SetBy)
            .Optional("reason", r.Reason, Validation.Text);

    /// <summary>Nothing when the same file is in force in the same dialect, else its import.</summary>
    public static Decision Decide(CodeOwnership? current, SetCodeOwners c, DateTimeOffset now) =>
        current is not null && current.Read.Dialect == c.Dialect && current.File == c.File
            ? Decision.Of()
            : Decision.Of(new CodeOwnersSet(c.Repository, c.Dialect, c.File, c.SetBy, c.Reason, now));

    public static void Map(RouteGroupBuilder repositories)
    {
        repositories.MapPut("/{repository}/code-owners", async (string repository, CodeOwnersRequest body, ClaimsPrincipal user, Wolverine.IMessageBus bus, CancellationToken ct) =>
            {
                repository = SetPolicy.RepositoryOf(repository);
                if (SetPolicy.ValidateRepository(repository) is { IsValid: false } badRepo) return Problems.Result(badRepo.ToProblem());
                if (Validate(body) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                if (!user.InScope(repository)) return Problems.Result(SetPolicy.OutOfScope(repository));
                return (await bus.InvokeAsync<WriteOutcome>(new SetCodeOwners(repository, body.Dialect!.Value, body.File!, body.SetBy!, body.Reason, Caller.Of(user)),
                    CancellationToken.None)).ToResult();
            })
            .RequireAuthorization(Permissions.Administer)
            .WithName("SetCodeOwners").WithSummary("Import a repository's CODEOWNERS file (CodeOwnersSet); the same file again records nothing")
            .Produces<CodeOwners>(StatusCodes.Status201Created).Produces<CodeOwners>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        repositories.MapGet("/{repository}/code-owners", async (string repository, DateTimeOffset? asOf, string[]? path, IQuerySession session, ClaimsPrincipal user,
                CancellationToken ct) =>
            {
                repository = SetPolicy.RepositoryOf(repository);
                if (SetPolicy.ValidateRepository(repository)
                        .Rule((path?.Length ?? 0) <= MaxPaths, "path", $"At most {MaxPaths} paths at once.") is { IsValid: false } bad)
                    return Problems.Result(bad.ToProblem());
                if (!user.InScope(repository)) return Problems.Result(SetPolicy.OutOfScope(repository));
                var owners = await StreamDocuments.At<CodeOwnership>(session, CodeOwnership.StreamKey(repository), asOf, ct);
                return owners is null
                    ? Problems.Result(new Problem(404, "no-code-owners", "No code owners",
                        $"No CODEOWNERS file was imported for '{repository}'{(asOf is null ? "" : $" by {asOf:O}")} (PUT /v1/repositories/{{repository}}/code-owners)."))
                    : Results.Ok(owners.ToContract(path));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetCodeOwners").WithSummary("The code owners in force (?asOf= for a past moment, ?path= for who owns each path)")
            .Produces<CodeOwners>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}

/// <summary>Imports the file through the one stream-write path.</summary>
public static class SetCodeOwnersHandler
{
    public static Task<WriteOutcome> Handle(SetCodeOwners command, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        StreamWrites.Run(command, session, clock, ct);
}
