using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;

namespace ChangeLedger.Release;

/// <summary>GET /v1/artifacts/{digest} — which change produced the artifact, where it was released, and the verdict (rules and evidence) of each release.</summary>
public static class TraceArtifact
{
    public static void Map(RouteGroupBuilder artifacts) =>
        artifacts.MapGet("/{digest}", async (string digest, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
            {
                digest = Uri.UnescapeDataString(digest);
                if (new Validation().Rule(ArtifactDigest.IsValid(digest), "digest", ArtifactDigest.Spelling) is { IsValid: false } invalid)
                    return Problems.Result(invalid.ToProblem());
                var records = await ReadEnvironment.Releases(session, user, "artifactDigests", digest, ct);
                var releases = records
                    .SelectMany(r => r.Releases.Where(x => x.Artifacts?.Any(a => a.Digest == digest) == true).Select(r.Deployment))
                    .OrderBy(d => d.RecordedAt).ThenBy(d => d.ChangeId, StringComparer.Ordinal).ThenBy(d => d.EventVersion)
                    .ToList();
                if (releases.Count == 0)
                    return Problems.Result(new Problem(404, "unknown-artifact", "Unknown artifact", $"No release visible to this key shipped '{digest}'."));
                var names = releases.SelectMany(d => d.Artifacts).Where(a => a.Digest == digest && a.Name is not null).Select(a => a.Name!).Distinct().ToList();
                return Results.Ok(new ArtifactView(digest, names, [.. releases.Select(d => d.ChangeId).Distinct()], releases));
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetArtifact").WithSummary("Which change produced an artifact, and what proved it")
            .Produces<ArtifactView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
