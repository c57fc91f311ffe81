using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Changes;
using ChangeLedger.Release;
using Marten;

namespace ChangeLedger.Integrity;

/// <summary>
/// GET /v1/changes/{id}/releases/{n}/attestation — the n-th release of a change (1 = first) as an in-toto Statement v1
/// in a DSSE envelope signed with the ledger's current key. Subjects: the released commit, named
/// git+{repository URL}@{commit} with a gitCommit digest, then the artifacts the release shipped (sha256 digests). Predicate type <see cref="PredicateType"/>: what the gate
/// answered (verdict, policy version, inputs digest) and who released where, with the release event's hash.
/// </summary>
public static class ReleaseAttestation
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://changeledger.dev/release/v1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public sealed record Subject(string Name, IReadOnlyDictionary<string, string> Digest);

    public sealed record VerdictSummary(bool Ready, string PolicyRepository, long PolicyVersion, string InputsDigest, DateTimeOffset EvaluatedAt, long ChangeVersion, long EventVersion);

    public sealed record Predicate(string Ledger, string ChangeId, string Repository, string Environment, string Version, string ReleasedBy,
        DateTimeOffset ReleasedAt, long EventVersion, string? EventHash, VerdictSummary? Verdict, ReleaseOverride? Override);

    public sealed record Statement(
        [property: JsonPropertyName("_type")] string Type,
        IReadOnlyList<Subject> Subject,
        string PredicateType,
        Predicate Predicate);

    public static string SubjectName(string repository, string commit) =>
        $"git+{(repository.Contains("://", StringComparison.Ordinal) ? repository : "https://" + repository)}@{commit}";

    /// <summary>
    /// What the release vouches for: the commit, first as it always was (a reader of the first subject still finds it), then
    /// each artifact the release shipped by its sha256 digest (named as the release names it, else by the digest), so a
    /// verifier holding only the artifact finds it among the subjects.
    /// </summary>
    public static IReadOnlyList<Subject> Subjects(string repository, string commit, IReadOnlyList<Artifact>? artifacts) =>
    [
        new Subject(SubjectName(repository, commit), new Dictionary<string, string> { ["gitCommit"] = commit }),
        .. (artifacts ?? []).Select(a => new Subject(a.Name ?? a.Digest, new Dictionary<string, string> { ["sha256"] = a.Digest["sha256:".Length..] })),
    ];

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapGet("/{changeId}/releases/{n:int}/attestation", async (string changeId, int n, IQuerySession session, SigningKey key, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (ChangeId.Check(changeId) is not null) return Problems.Result(ChangeId.InvalidProblem(changeId));
                var record = (await session.LoadAsync<Changes.Change>(changeId, ct))?.ReleaseRecord;
                if (record is null || !user.InScope(record.Repository)) return Problems.Result(Problem.UnknownChange(changeId));
                if (n < 1 || n > record.Releases.Count)
                    return Problems.Result(new Problem(404, "unknown-release", "No such release",
                        $"Change {changeId} has {record.Releases.Count} release(s); ask for 1 to {record.Releases.Count}."));
                var release = record.Releases[n - 1];
                var events = await session.Events.FetchStreamAsync(changeId, release.EventVersion, token: ct);
                var released = events.Single(e => e.Version == release.EventVersion);
                var verdictEvent = release.VerdictVersion is { } v ? events.SingleOrDefault(e => e.Version == v)?.Data as ReleaseVerdictRecorded : null;
                var change = await session.Events.AggregateStreamAsync<Changes.Change>(changeId, release.EventVersion, token: ct);

                var verdict = verdictEvent?.Verdict is { } r
                    ? new VerdictSummary(r.Ready, r.PolicyRepository, r.PolicyVersion, r.InputsDigest, r.EvaluatedAt, r.ChangeVersion, release.VerdictVersion!.Value) : null;
                var statement = new Statement(StatementType, Subjects(record.Repository, change!.HeadCommit, release.Artifacts),
                    PredicateType,
                    new Predicate(key.Origin, changeId, record.Repository, release.Environment, release.Version, release.ReleasedBy, release.OccurredAt,
                        release.EventVersion, released.Headers?.GetValueOrDefault(HashChain.HashHeader)?.ToString(), verdict, release.Override));
                var payload = JsonSerializer.SerializeToUtf8Bytes(statement, Json);
                return Results.Ok(Dsse.Sign(key.Key, key.KeyId, Dsse.InTotoPayloadType, payload));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetReleaseAttestation").WithSummary("The release as an in-toto Statement in a DSSE envelope signed by the ledger")
            .Produces<DsseEnvelope>().ProducesProblem(StatusCodes.Status404NotFound);
}
