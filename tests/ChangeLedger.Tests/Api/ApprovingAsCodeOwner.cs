using System.Diagnostics;
using System.Net.Http.Json;
using ChangeLedger.Cli;
using System.Text.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// Rule code-owners-approved through the API: the policy turns it on, the CODEOWNERS file and the ledger's teams say
/// who owns what, and only owners who review signed in with their own login approve the paths they own.
/// </summary>
public sealed class ApprovingAsCodeOwner(IdentityLedger app) : IClassFixture<IdentityLedger>, IAsyncLifetime
{
    private const string Repository = "github.com/acme/owned";
    private const string Repo = "github.com%2Facme%2Fowned";

    private const string File = """
        *                 @acme/payments
        /src/refunds/     @erin
        """;

    public async Task InitializeAsync()
    {
        if ((await app.Client.GetAsync("/v1/repositories/" + Repo + "/teams")).IsSuccessStatusCode) return;
        await app.Trust("owners", app.People, new() { ["groups"] = "owners" }, [Roles.Review, Roles.Read], ["github.com/acme/*"], "owners review with their own login");
        await (await app.Put($"/v1/repositories/{Repo}/policy", new SetPolicyRequest([], 1, true, "sec-team", "owners approve", CodeOwnersApproved: true)))
            .ShouldHaveStatus(201);
        await (await app.Put($"/v1/repositories/{Repo}/code-owners", new CodeOwnersRequest(CodeOwnersDialect.Github, File, "platform-team"))).ShouldHaveStatus(201);
        await (await app.Put($"/v1/repositories/{Repo}/teams", new CodeOwnerTeamsRequest([new("@acme/payments", ["gina"])], "platform-team"))).ShouldHaveStatus(201);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient SignedIn(string username) =>
        app.ClientWithToken(app.Provider.Mint("people", IdentityLedger.Audience, OidcProvider.Person(username, "owners")));

    private static ProposeChangeRequest Proposal(string changeId, IReadOnlyList<string>? changed) =>
        Requests.Human(changeId, repository: Repository) with { ChangedPaths = changed };

    private async Task<IReadOnlyList<VerdictRule>> OwnerRules(string changeId) =>
        [.. (await app.Get<ReleaseVerdict>($"/v1/changes/{changeId}/readiness?environment=prod")).Rules.Where(r => r.Rule.StartsWith("code-owners-approved"))];

    [Fact]
    public async Task each_owned_path_needs_its_owner_signed_in_and_then_the_release_goes_out()
    {
        await (await app.Post("/v1/changes", Proposal("own-1", ["src/refunds/Retry.cs", "README.md"]))).ShouldHaveStatus(201);
        // erin's approval recorded by a key is asserted: the rule does not count it.
        var key = app.ClientWith(await app.IssueKey("review-bot", [Roles.Review], Repository));
        await (await key.PostAsJsonAsync("/v1/changes/own-1/reviews", Requests.Review("erin", "c0ffee1"), LedgerApp.Json)).ShouldHaveStatus(201);

        var asserted = await OwnerRules("own-1");
        asserted.Select(r => (r.Rule, r.Passed)).ShouldBe([("code-owners-approved:*", false), ("code-owners-approved:/src/refunds/", false)]);
        asserted[1].Detail.ShouldContain("erin (asserted, not verified");

        await (await SignedIn("erin").PostAsJsonAsync("/v1/changes/own-1/reviews", Requests.Review("erin", "c0ffee1"), LedgerApp.Json)).ShouldHaveStatus(201);
        var erin = await OwnerRules("own-1");
        erin[1].Passed.ShouldBeTrue();
        erin[1].Detail.ShouldBe("src/refunds/Retry.cs (line 2: @erin): approved on head c0ffee1 by erin (verified).");
        erin[0].Detail.ShouldBe("README.md (line 1: @acme/payments): no verified approval on head c0ffee1 by an owner.");
        (await app.Post("/v1/changes/own-1/releases", Requests.Release())).StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);

        // gina is in @acme/payments by the ledger's own team definition.
        await (await SignedIn("gina").PostAsJsonAsync("/v1/changes/own-1/reviews", Requests.Review("gina", "c0ffee1"), LedgerApp.Json)).ShouldHaveStatus(201);
        var outcome = await (await app.Post("/v1/changes/own-1/releases", Requests.Release())).Read<ReleaseOutcome>(201);
        var rules = outcome.Verdict.Rules.Where(r => r.Rule.StartsWith("code-owners-approved")).ToList();
        rules.ShouldAllBe(r => r.Passed);
        rules[0].Detail.ShouldContain("by gina (verified)");
        rules[0].Evidence.Single(e => e.Type == "review_decided").Detail!.ShouldContain($"verified: jwt:{app.People}#");
    }

    [Fact]
    public async Task a_change_whose_changed_paths_are_not_recorded_is_not_released()
    {
        await (await app.Post("/v1/changes", Proposal("own-2", null))).ShouldHaveStatus(201);
        await (await SignedIn("gina").PostAsJsonAsync("/v1/changes/own-2/reviews", Requests.Review("gina", "c0ffee1"), LedgerApp.Json)).ShouldHaveStatus(201);

        var rule = (await OwnerRules("own-2")).Single();
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldStartWith("Changed paths unknown: none are recorded for head c0ffee1");
    }

    [Fact]
    public async Task a_batch_that_proposes_reviews_and_releases_is_judged_by_the_same_rule()
    {
        static Dictionary<string, object?> Item(string type, object body)
        {
            var item = JsonSerializer.SerializeToElement(body, body.GetType(), LedgerApp.Json).Deserialize<Dictionary<string, object?>>(LedgerApp.Json)!;
            item["type"] = type;
            item["changeId"] = "own-batch";
            return item;
        }

        var results = await (await app.Post("/v1/events", new[]
        {
            Item("change_proposed", Proposal("own-batch", ["src/refunds/Retry.cs"])),
            Item("review_decided", Requests.Review("erin", "c0ffee1")),
            Item("change_released", Requests.Release()),
        })).Read<IngestionResults>(200);

        results.Results.Select(r => r.Status).ShouldBe([201, 201, 409]);
        var verdict = (await app.Get<ReleaseView>("/v1/changes/own-batch/release")).Verdicts.Single();
        var rule = verdict.Rules.Single(r => r.Rule == "code-owners-approved:/src/refunds/");
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("erin (asserted, not verified");
    }

    [Fact]
    public async Task teams_are_read_back_versioned_and_a_bad_set_is_a_problem_that_stores_nothing()
    {
        const string url = "/v1/repositories/github.com%2Facme%2Fteams-only/teams";
        var first = await (await app.Put(url, new CodeOwnerTeamsRequest([new("@acme/ops", ["olga", "oskar@example.com"])], "ann", "from the org"))).Read<CodeOwnerTeams>(201);
        first.Version.ShouldBe(1);
        (await (await app.Put(url, new CodeOwnerTeamsRequest([new("@acme/ops", ["olga", "oskar@example.com"])], "ann"))).Read<CodeOwnerTeams>(200)).Version.ShouldBe(1);
        (await (await app.Put(url, new CodeOwnerTeamsRequest([new("@acme/ops", ["olga"])], "ann"))).Read<CodeOwnerTeams>(200)).Version.ShouldBe(2);

        (await app.Get<CodeOwnerTeams>(url)).Teams.Single().Members.ShouldBe(["olga"]);
        var before = await app.Get<CodeOwnerTeams>($"{url}?asOf={Uri.EscapeDataString(first.SetAt.AddTicks(1).ToString("O"))}");
        before.Teams.Single().Members.ShouldBe(["olga", "oskar@example.com"]);

        await (await app.Put(url, new CodeOwnerTeamsRequest([new("ops", ["olga"])], "ann"))).ShouldBeProblem(400, "validation");
        (await app.EventCount("~teams:" + Uri.EscapeDataString("github.com/acme/teams-only"))).ShouldBe(2);
        await (await app.Client.GetAsync("/v1/repositories/github.com%2Facme%2Fnobody/teams")).ShouldBeProblem(404, "no-teams");
    }

    private static string Git(string repo, params string[] args)
    {
        var start = new ProcessStartInfo("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. args])
        {
            WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    private static string Commit(string repo, string path, string content)
    {
        var file = Path.Combine(repo, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        System.IO.File.WriteAllText(file, content);
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "edit " + path);
        return Git(repo, "rev-parse", "HEAD");
    }

    private static async Task<CliResult> Cli(HttpClient client, string repo, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var host = new CliHost(_ => client, output, error) { RetryDelay = TimeSpan.FromMilliseconds(1), Environment = _ => null, WorkingDirectory = repo };
        var exit = await LedgerCommands.Run(args, host);
        return new CliResult(exit, output.ToString(), error.ToString(), "");
    }

    [Fact]
    public async Task the_cli_imports_the_repositorys_codeowners_proposes_from_git_and_gates_on_the_owners_signed_in_approval()
    {
        const string repository = "github.com/acme/owned-cli";
        var repo = Directory.CreateTempSubdirectory("cl-owners-git-").FullName;
        try
        {
            Git(repo, "init", "-q", "-b", "main");
            var root = Commit(repo, ".github/CODEOWNERS", "*  @acme/payments\n/src/refunds/  @erin\n");
            Git(repo, "checkout", "-q", "-b", "feature");
            var head = Commit(repo, "src/refunds/Retry.cs", "class Retry {}\n");
            await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(repository)}/policy", new SetPolicyRequest([], 1, true, "sec-team", CodeOwnersApproved: true)))
                .ShouldHaveStatus(201);

            var imported = await Cli(app.Client, repo, "owners", "import", Path.Combine(repo, ".github", "CODEOWNERS"), "--repository", repository, "--set-by", "ann");
            imported.Exit.ShouldBe(0, imported.All);
            var proposed = await Cli(app.Client, repo, "propose", "--change", "own-cli", "--repository", repository, "--title", "Retry refunds", "--owner", "alice",
                "--origin", "human", "--base", root, "--from-git");
            proposed.Exit.ShouldBe(0, proposed.All);

            var red = await Cli(app.Client, repo, "gate", "--change", "own-cli", "--environment", "prod");
            red.Exit.ShouldBe(1, red.All);
            red.Out.ShouldContain("FAILED code-owners-approved:/src/refunds/: src/refunds/Retry.cs (line 2: @erin): no verified approval on head " + head);

            var reviewed = await Cli(SignedIn("erin"), repo, "review", "--change", "own-cli", "--reviewer", "erin", "--decision", "accepted", "--commit", head);
            reviewed.Exit.ShouldBe(0, reviewed.All);
            var green = await Cli(app.Client, repo, "gate", "--change", "own-cli", "--environment", "prod");
            green.Exit.ShouldBe(0, green.All);
            // The six rules every verdict has, and the one for the CODEOWNERS line that owns the changed path.
            green.Out.ShouldContain("READY: own-cli may be released to prod (policy github.com/acme/owned-cli v1, 7 rules passed).");
        }
        finally
        {
            Directory.Delete(repo, recursive: true);
        }
    }
}
