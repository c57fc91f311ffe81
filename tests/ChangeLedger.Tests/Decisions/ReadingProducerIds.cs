using System.Text.Json;
using ChangeLedger.Ingestion;

namespace ChangeLedger.Tests.Decisions;

/// <summary>What producers call a pull request, a repository, a commit and a cluster, in the ledger's words (docs/cdevents.md).</summary>
public sealed class ReadingProducerIds
{
    [Theory]
    [InlineData("https://api.github.com/repos/acme/shop/pulls/97", "gh:acme.shop:97")]
    [InlineData("https://github.com/acme/shop/pull/97", "gh:acme.shop:97")]
    [InlineData("https://gitlab.com/acme/platform/shop/-/merge_requests/12", "gl:acme.platform.shop:12")]
    [InlineData("https://gitlab.com/api/v4/projects/acme%2Fshop/merge_requests/12", "gl:acme.shop:12")]
    [InlineData("https://git.example.com/acme/shop/-/merge_requests/12", "gl:git.example.com:acme.shop:12")]
    [InlineData("https://api.bitbucket.org/2.0/repositories/acme/shop/pullrequests/5", "bb:acme.shop:5")]
    [InlineData("https://bitbucket.org/acme/shop/pull-requests/5", "bb:acme.shop:5")]
    [InlineData("https://codeberg.org/api/v1/repos/acme/shop/pulls/3", "gitea:codeberg.org:acme.shop:3")]
    [InlineData("https://codeberg.org/acme/shop/pulls/3", "gitea:codeberg.org:acme.shop:3")]
    [InlineData("pr-42", "pr-42")]
    public void a_pull_or_merge_request_starts_the_change_its_forge_form_names(string subjectId, string changeId) =>
        ProducerIds.ChangeIdOf(subjectId, "github.com/acme/shop").ShouldBe(changeId);

    [Fact]
    public void any_other_producer_id_starts_a_stable_change_of_its_repository()
    {
        var id = ProducerIds.ChangeIdOf("urn:jira:SHOP 12", "github.com/acme/shop");

        id.ShouldSatisfyAllConditions(
            i => i.ShouldMatch("^cde:[0-9a-f]{32}$"),
            i => ProducerIds.ChangeIdOf("urn:jira:SHOP 12", "github.com/acme/shop").ShouldBe(i),
            i => ProducerIds.ChangeIdOf("urn:jira:SHOP 12", "github.com/acme/other").ShouldNotBe(i));
    }

    [Theory]
    [InlineData("https://api.github.com/repos/acme/shop", "github.com/acme/shop")]
    [InlineData("https://github.com/acme/shop.git", "github.com/acme/shop")]
    [InlineData("git@github.com:acme/shop.git", "github.com/acme/shop")]
    [InlineData("https://gitlab.com/api/v4/projects/acme%2Fplatform%2Fshop", "gitlab.com/acme/platform/shop")]
    [InlineData("https://gitlab.com/acme/platform/shop", "gitlab.com/acme/platform/shop")]
    [InlineData("https://api.bitbucket.org/2.0/repositories/acme/shop", "bitbucket.org/acme/shop")]
    [InlineData("https://git.example.com/api/v1/repos/acme/shop", "git.example.com/acme/shop")]
    [InlineData("acme/shop", "acme/shop")]
    [InlineData("https://svn.example.com/trunk", "https://svn.example.com/trunk")]
    public void a_repository_a_forge_names_by_url_is_stored_in_the_ledgers_form(string given, string stored) =>
        ProducerIds.Repository(given).ShouldBe(stored);

    [Theory]
    [InlineData("pkg:github/cdviz-dev/demo-cluster@94fcc5e8673e0d2d7fbca6b1c6c455ba308314fc?path=4-k8s-gitops", "github.com/cdviz-dev/demo-cluster", "94fcc5e8673e0d2d7fbca6b1c6c455ba308314fc")]
    [InlineData("pkg:gitlab/acme/shop@ABCDEF1", "gitlab.com/acme/shop", "abcdef1")]
    public void a_forge_purl_names_a_commit_of_its_repository(string purl, string repository, string commit) =>
        ProducerIds.PurlCommit(purl).ShouldBe((repository, commit));

    [Theory]
    [InlineData("94FCC5E", "94fcc5e")]
    [InlineData("main@sha1:94fcc5e8673e0d2d7fbca6b1c6c455ba308314fc", "94fcc5e8673e0d2d7fbca6b1c6c455ba308314fc")]
    [InlineData("main/94fcc5e8673e0d2d7fbca6b1c6c455ba308314fc", "94fcc5e8673e0d2d7fbca6b1c6c455ba308314fc")]
    [InlineData("6.5.1", null)]
    [InlineData("v1.2.3", null)]
    public void a_commit_is_hex_or_a_flux_git_revision(string text, string? commit) => ProducerIds.Commit(text).ShouldBe(commit);

    [Theory]
    [InlineData("pkg:github/acme/shop@v1.2.3")]
    [InlineData("pkg:oci/shop@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427")]
    public void a_tag_or_an_image_digest_is_no_commit(string purl) => ProducerIds.PurlCommit(purl).ShouldBeNull();

    [Fact]
    public void a_cluster_url_and_namespace_are_the_environment_configured_for_them_else_a_name_derived_from_them()
    {
        ClusterEnvironment[] configured = [new() { Cluster = "https://kubernetes.default.svc", Namespace = "argocd", Name = "prod" }];

        ProducerIds.ClusterEnvironment("https://kubernetes.default.svc", "argocd", configured).ShouldBe("prod");
        ProducerIds.ClusterEnvironment("https://kubernetes.default.svc", "team-a", configured).ShouldBe("team-a@kubernetes.default.svc");
        ProducerIds.ClusterEnvironment("https://kubernetes.default.svc", null, []).ShouldBe("kubernetes.default.svc");
        ProducerIds.ClusterEnvironment("staging", "argocd", configured).ShouldBe("staging");
    }

    [Fact]
    public void two_events_without_ids_get_different_content_ids_and_one_event_always_the_same()
    {
        var opened = JsonDocument.Parse("""{"context":{"id":"0","type":"dev.cdevents.change.created.0.3.0"},"subject":{"id":"97"}}""").RootElement;
        var merged = JsonDocument.Parse("""{"context":{"id":"0","type":"dev.cdevents.change.merged.0.2.0"},"subject":{"id":"97"}}""").RootElement;
        var reordered = JsonDocument.Parse("""{"subject":{"id":"97"},"context":{"type":"dev.cdevents.change.created.0.3.0","id":"0"}}""").RootElement;

        ProducerIds.ContentId(opened).ShouldNotBe(ProducerIds.ContentId(merged));
        ProducerIds.ContentId(opened).ShouldBe(ProducerIds.ContentId(reordered));
        (ProducerIds.IsPlaceholder("0"), ProducerIds.IsPlaceholder(""), ProducerIds.IsPlaceholder("01")).ShouldBe((true, true, false));
    }
}
