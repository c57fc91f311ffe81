using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Ingestion;

/// <summary>
/// What real producers call things, in the ledger's words (docs/cdevents.md, "Producers"): an event id that is no id,
/// a pull request's URL, a repository's API URL, a commit inside a purl. Pure and deterministic: the same event always
/// gets the same id, the same pull request the same change.
/// </summary>
public static partial class ProducerIds
{
    /// <summary>cdviz sends <c>"0"</c> for every event (its collector replaces it later); others send nothing.</summary>
    public static bool IsPlaceholder(string? id) => string.IsNullOrWhiteSpace(id) || id == "0";

    /// <summary>An id for an event that carries none: the SHA-256 of the CDEvent's canonical JSON (RFC 8785), so distinct events never collide and the same one sent twice is one.</summary>
    public static string ContentId(JsonElement cdevent) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Encode(cdevent)));

    /// <summary>
    /// The change a <c>change.created</c> starts, from its subject id: a pull or merge request of a known forge gets the
    /// forge's short form (<c>gh:&lt;org&gt;.&lt;repo&gt;:&lt;number&gt;</c>); an id that is already a valid change id is
    /// kept; anything else becomes <c>cde:</c> and 32 hex digits of the SHA-256 of repository and subject id.
    /// </summary>
    public static string ChangeIdOf(string subjectId, string? repository)
    {
        var forge = ForgeChangeId(subjectId);
        if (forge is not null && Ledger.ChangeId.Check(forge) is null) return forge;
        if (Ledger.ChangeId.Check(subjectId) is null) return subjectId;
        return "cde:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{repository}\n{subjectId}")))[..32];
    }

    private static string? ForgeChangeId(string id)
    {
        if (GitHubPull().Match(id) is { Success: true } gh) return $"gh:{gh.Groups["org"].Value}.{gh.Groups["repo"].Value}:{gh.Groups["n"].Value}";
        if (GitLabMerge().Match(id) is { Success: true } gl)
        {
            var path = gl.Groups["path"].Value.Replace('/', '.');
            return gl.Groups["host"].Value.Equals("gitlab.com", StringComparison.OrdinalIgnoreCase)
                ? $"gl:{path}:{gl.Groups["n"].Value}" : $"gl:{gl.Groups["host"].Value}:{path}:{gl.Groups["n"].Value}";
        }
        if (GitLabApiMerge().Match(id) is { Success: true } gla && Uri.UnescapeDataString(gla.Groups["project"].Value) is var project && project.Contains('/'))
        {
            var path = project.Replace('/', '.');
            return gla.Groups["host"].Value.Equals("gitlab.com", StringComparison.OrdinalIgnoreCase)
                ? $"gl:{path}:{gla.Groups["n"].Value}" : $"gl:{gla.Groups["host"].Value}:{path}:{gla.Groups["n"].Value}";
        }
        if (BitbucketPull().Match(id) is { Success: true } bb) return $"bb:{bb.Groups["org"].Value}.{bb.Groups["repo"].Value}:{bb.Groups["n"].Value}";
        if (GiteaPull().Match(id) is { Success: true } gt) return $"gitea:{gt.Groups["host"].Value}:{gt.Groups["org"].Value}.{gt.Groups["repo"].Value}:{gt.Groups["n"].Value}";
        return null;
    }

    /// <summary>
    /// A repository as the ledger spells it (<c>github.com/&lt;org&gt;/&lt;repo&gt;</c>) when it is given as an API or
    /// web URL (or an SSH remote) of GitHub, GitLab, Bitbucket or a Gitea/Forgejo API; any other form is kept as given.
    /// </summary>
    public static string Repository(string repository)
    {
        if (GitHubApiRepo().Match(repository) is { Success: true } gh) return $"github.com/{gh.Groups["path"].Value}";
        if (GitLabApiRepo().Match(repository) is { Success: true } gl && Uri.UnescapeDataString(gl.Groups["project"].Value) is var project && project.Contains('/'))
            return $"{gl.Groups["host"].Value.ToLowerInvariant()}/{project}";
        if (BitbucketApiRepo().Match(repository) is { Success: true } bb) return $"bitbucket.org/{bb.Groups["path"].Value}";
        if (GiteaApiRepo().Match(repository) is { Success: true } gt) return $"{gt.Groups["host"].Value.ToLowerInvariant()}/{gt.Groups["path"].Value}";
        if (KnownForgeRepo().Match(repository) is { Success: true } web) return $"{web.Groups["host"].Value.ToLowerInvariant()}/{web.Groups["path"].Value}";
        return repository;
    }

    /// <summary>
    /// A commit id: 7 to 64 hex digits (an abbreviated or full SHA-1 or SHA-256 object name), lower-cased, also as Flux
    /// writes a Git revision (<c>main@sha1:&lt;hex&gt;</c>, formerly <c>main/&lt;40 hex&gt;</c>); null for anything else (a chart version, a tag).
    /// </summary>
    public static string? Commit(string? text) =>
        text is null ? null
        : Hex().IsMatch(text) ? text.ToLowerInvariant()
        : FluxRevision().Match(text) is { Success: true } flux ? flux.Groups["hex"].Value.ToLowerInvariant()
        : null;

    [GeneratedRegex(@"^(?:[^@]*@sha(?:1|256):(?<hex>[0-9a-fA-F]{7,64})|[^@:\s]+/(?<hex>[0-9a-fA-F]{40}))$")]
    private static partial Regex FluxRevision();

    /// <summary>The repository and commit a purl of a forge names (<c>pkg:github/&lt;org&gt;/&lt;repo&gt;@&lt;sha&gt;</c>), or null.</summary>
    public static (string Repository, string Commit)? PurlCommit(string? purl) =>
        purl is not null && ForgePurl().Match(purl) is { Success: true } m && Commit(m.Groups["version"].Value) is { } commit
            ? ($"{ForgeHost(m.Groups["type"].Value)}/{Uri.UnescapeDataString(m.Groups["path"].Value)}", commit) : null;

    private static string ForgeHost(string purlType) => purlType switch { "github" => "github.com", "gitlab" => "gitlab.com", _ => "bitbucket.org" };

    /// <summary>
    /// The ledger environment of a deployment target named by a cluster's URL (Argo CD's destination server, say) and a
    /// namespace: the configured one (<c>CdEvents:Environments</c>), else <c>&lt;namespace&gt;@&lt;host&gt;</c>, or the host alone.
    /// </summary>
    public static string? ClusterEnvironment(string? environment, string? @namespace, IReadOnlyList<ClusterEnvironment> configured)
    {
        if (environment is null || !Uri.TryCreate(environment, UriKind.Absolute, out var cluster) || cluster.Scheme is not ("http" or "https")) return environment;
        var mapped = configured.FirstOrDefault(c => SameCluster(c.Cluster, cluster) && (c.Namespace is null || c.Namespace == @namespace));
        if (mapped?.Name is { } name) return name;
        return @namespace is null ? cluster.Host : $"{@namespace}@{cluster.Host}";
    }

    private static bool SameCluster(string? configured, Uri cluster) =>
        Uri.TryCreate(configured, UriKind.Absolute, out var uri) && Uri.Compare(uri, cluster, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    [GeneratedRegex(@"^https?://(?:api\.github\.com/repos|(?:www\.)?github\.com)/(?<org>[A-Za-z0-9_.-]+)/(?<repo>[A-Za-z0-9_.-]+)/pulls?/(?<n>\d+)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubPull();

    [GeneratedRegex(@"^https?://(?<host>[^/]+)/(?<path>[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+)/-/merge_requests/(?<n>\d+)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex GitLabMerge();

    [GeneratedRegex(@"^https?://(?<host>[^/]+)/api/v4/projects/(?<project>[^/]+)/merge_requests/(?<n>\d+)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex GitLabApiMerge();

    [GeneratedRegex(@"^https?://(?:api\.bitbucket\.org/2\.0/repositories|bitbucket\.org)/(?<org>[A-Za-z0-9_.-]+)/(?<repo>[A-Za-z0-9_.-]+)/pull-?requests/(?<n>\d+)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex BitbucketPull();

    [GeneratedRegex(@"^https?://(?<host>[^/]+)/(?:api/v1/repos/)?(?<org>[A-Za-z0-9_.-]+)/(?<repo>[A-Za-z0-9_.-]+)/pulls/(?<n>\d+)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex GiteaPull();

    [GeneratedRegex(@"^https?://api\.github\.com/repos/(?<path>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubApiRepo();

    [GeneratedRegex(@"^https?://(?<host>[^/]+)/api/v4/projects/(?<project>[^/]+)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex GitLabApiRepo();

    [GeneratedRegex(@"^https?://api\.bitbucket\.org/2\.0/repositories/(?<path>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex BitbucketApiRepo();

    [GeneratedRegex(@"^https?://(?<host>[^/]+)/api/v1/repos/(?<path>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex GiteaApiRepo();

    /// <summary>A web URL or SSH remote of a known forge's repository (GitLab's may be nested in groups).</summary>
    [GeneratedRegex(@"^(?:https?://(?:www\.)?|ssh://git@|git@)(?<host>github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)[/:](?<path>[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+?)+?)(?:\.git)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex KnownForgeRepo();

    [GeneratedRegex(@"^pkg:(?<type>github|gitlab|bitbucket)/(?<path>[^@?#]+)@(?<version>[^?#]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ForgePurl();

    [GeneratedRegex(@"^[0-9a-fA-F]{7,64}$")]
    private static partial Regex Hex();
}
