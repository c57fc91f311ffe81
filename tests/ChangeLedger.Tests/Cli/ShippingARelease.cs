using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>
/// What the release workflow (.github/workflows/release.yml) does, short of publishing: the version it stamps, the
/// stable package a clone without tags packs, the executables and their checksums, the provenance statement, and the
/// workflow, action and GitLab component files themselves, which must validate and name the released version.
/// </summary>
public sealed partial class ShippingARelease
{
    private static readonly string Root = PostgresServer.RepositoryRoot();

    private static string Released => NewestRelease().Match(File.ReadAllText(Path.Combine(Root, "CHANGELOG.md"))).Groups[1].Value;

    [GeneratedRegex(@"^## \[(\d+\.\d+\.\d+)\]", RegexOptions.Multiline)]
    private static partial Regex NewestRelease();

    private static async Task<(int Exit, string Output)> Run(string file, IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? cwd = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = cwd ?? Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try { await process.WaitForExitAsync(bound.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{file} did not finish within 8 minutes"); }
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task the_version_is_stable_without_tags_taken_from_the_changelog_unless_the_caller_names_one()
    {
        Released.ShouldNotBeNullOrEmpty();
        var fromChangelog = await Run(Path.Combine(Root, "deploy/cli/version.sh"), [], new Dictionary<string, string?> { ["CHANGELEDGER_VERSION"] = null });
        var named = await Run(Path.Combine(Root, "deploy/cli/version.sh"), [], new Dictionary<string, string?> { ["CHANGELEDGER_VERSION"] = "2.3.4" });
        var nonsense = await Run(Path.Combine(Root, "deploy/cli/version.sh"), [], new Dictionary<string, string?> { ["CHANGELEDGER_VERSION"] = "latest" });

        fromChangelog.ShouldBe((0, Released + "\n"));
        named.ShouldBe((0, "2.3.4\n"));
        nonsense.Exit.ShouldBe(1);
        nonsense.Output.ShouldContain("'latest' is not a version");
    }

    [Fact]
    public async Task the_tool_packs_as_a_stable_version_that_installs_without_prerelease_as_the_docs_say()
    {
        var scratch = Directory.CreateTempSubdirectory("cl-release-").FullName;
        try
        {
            var feed = Path.Combine(scratch, "feed");
            var pack = await Run("dotnet", ["pack", "src/ChangeLedger.Cli", "-c", "Release", "-o", feed, $"-p:MinVerVersionOverride={Released}", "--nologo", "-v", "quiet"]);
            pack.Exit.ShouldBe(0, pack.Output);
            var package = Path.Combine(feed, $"ChangeLedger.Cli.{Released}.nupkg");
            File.Exists(package).ShouldBeTrue(string.Join(", ", Directory.GetFiles(feed)));
            using (var zip = ZipFile.OpenRead(package))
            {
                using var reader = new StreamReader(zip.GetEntry("ChangeLedger.Cli.nuspec")!.Open());
                var nuspec = await reader.ReadToEndAsync();
                nuspec.ShouldContain($"<version>{Released}</version>");
                nuspec.ShouldContain("<license type=\"expression\">Apache-2.0</license>");
                zip.GetEntry("README.md").ShouldNotBeNull();
            }

            // docs/ci.md's install line, as written, with only the feed being this local one (a nuget.config beside it).
            await File.WriteAllTextAsync(Path.Combine(scratch, "nuget.config"),
                $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>""");
            var home = Path.Combine(scratch, "home");
            var install = await Run("dotnet", ["tool", "install", "--global", "ChangeLedger.Cli"], new Dictionary<string, string?> { ["DOTNET_CLI_HOME"] = home }, scratch);
            install.Exit.ShouldBe(0, install.Output);
            var version = await Run(Path.Combine(home, ".dotnet", "tools", "changeledger"), ["--version"]);
            version.Output.ShouldStartWith(Released + "+");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public async Task publish_builds_a_self_contained_executable_of_the_version_with_checksums_that_verify()
    {
        var publish = await Run(Path.Combine(Root, "deploy/cli/publish.sh"), ["linux-x64"]);

        publish.Exit.ShouldBe(0, publish.Output);
        publish.Output.ShouldContain($"changeledger {Released} built for linux-x64");
        (await Run("sha256sum", ["-c", "SHA256SUMS"], cwd: Path.Combine(Root, "artifacts", "cli"))).ShouldBe((0, "linux-x64/changeledger: OK\n"));
        (await Run(Path.Combine(Root, "artifacts", "cli", "linux-x64", "changeledger"), ["--version"])).Output.ShouldStartWith(Released + "+");
    }

    [Fact]
    public async Task the_provenance_statement_is_in_toto_with_each_file_and_its_digest()
    {
        var scratch = Directory.CreateTempSubdirectory("cl-provenance-").FullName;
        var (a, b, statement) = (Path.Combine(scratch, "changeledger-linux-x64"), Path.Combine(scratch, "ChangeLedger.Cli.nupkg"), Path.Combine(scratch, "p.json"));
        await File.WriteAllTextAsync(a, "an executable");
        await File.WriteAllTextAsync(b, "a package");

        var run = await Run("python3", ["deploy/release/provenance.py", statement, a, b], new Dictionary<string, string?>
        {
            ["GITHUB_REPOSITORY"] = "acme/changeledger", ["GITHUB_SHA"] = "c0ffee1", ["GITHUB_REF"] = "refs/tags/v1.0.0", ["GITHUB_RUN_ID"] = "9001",
            ["GITHUB_WORKFLOW_REF"] = "acme/changeledger/.github/workflows/release.yml@refs/tags/v1.0.0",
        });

        run.Exit.ShouldBe(0, run.Output);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(statement));
        var root = doc.RootElement;
        root.GetProperty("_type").GetString().ShouldBe("https://in-toto.io/Statement/v1");
        root.GetProperty("predicateType").GetString().ShouldBe("https://slsa.dev/provenance/v1");
        root.GetProperty("subject").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("digest").GetProperty("sha256").GetString()))
            .ShouldBe([("changeledger-linux-x64", Sha256("an executable")), ("ChangeLedger.Cli.nupkg", Sha256("a package"))]);
        var predicate = root.GetProperty("predicate");
        predicate.GetProperty("buildDefinition").GetProperty("resolvedDependencies")[0].GetProperty("digest").GetProperty("gitCommit").GetString().ShouldBe("c0ffee1");
        predicate.GetProperty("runDetails").GetProperty("metadata").GetProperty("invocationId").GetString()
            .ShouldBe("https://github.com/acme/changeledger/actions/runs/9001/attempts/1");
        Directory.Delete(scratch, recursive: true);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [SkippableTheory]
    [InlineData(".github/workflows/release.yml")]
    [InlineData("deploy/ci/github-action/action.yml")]
    public async Task the_workflow_and_the_action_validate(string file)
    {
        var validator = new[] { Environment.GetEnvironmentVariable("ACTION_VALIDATOR"), Path.Combine(Root, ".local", "npm", "node_modules", ".bin", "action-validator") }
            .FirstOrDefault(File.Exists);
        if (validator is null) throw Tools.Missing("action-validator is not installed: npm install --prefix .local/npm @action-validator/cli@0.6.0 (.ci/run does)");

        var run = await Run(validator, [file]);

        run.ShouldBe((0, ""), run.Output);
    }

    [Fact]
    public async Task the_action_the_component_and_the_docs_name_the_released_version()
    {
        var action = await File.ReadAllTextAsync(Path.Combine(Root, "deploy/ci/github-action/action.yml"));
        var component = await File.ReadAllTextAsync(Path.Combine(Root, "templates/changeledger.yml"));
        var docs = await File.ReadAllTextAsync(Path.Combine(Root, "docs/ci.md"));

        Regex.Match(action, @"version:\n(?:.*\n)*?\s+default: '([^']*)'").Groups[1].Value.ShouldBe(Released);
        Regex.Match(component, @"version:\n(?:.*\n)*?\s+default: (\S+)").Groups[1].Value.ShouldBe(Released);
        Regex.Matches(docs, @"github-action@v?([\w.]+)").Select(m => m.Groups[1].Value).Distinct().ShouldBe([Released]);
        Regex.Matches(docs, @"/changeledger/changeledger@([\w.]+)").Select(m => m.Groups[1].Value).Distinct().ShouldBe([Released]);
    }

    [Fact]
    public async Task the_gitlab_component_declares_every_input_its_job_uses()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Root, "templates/changeledger.yml"));
        var parts = text.Split("\n---\n");
        parts.Length.ShouldBe(2, "a component is its spec, ---, then its jobs");
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build();
        var spec = yaml.Deserialize<Dictionary<string, Dictionary<string, Dictionary<string, object>>>>(parts[0]);
        var declared = spec["spec"]["inputs"].Keys.ToHashSet();
        yaml.Deserialize<Dictionary<string, object>>(parts[1]).Count.ShouldBe(1);

        var used = Regex.Matches(parts[1], @"\$\[\[ inputs\.([\w-]+) \]\]").Select(m => m.Groups[1].Value).ToHashSet();

        used.Except(declared).ShouldBeEmpty();
        declared.Except(used).ShouldBeEmpty();
    }

    [Fact]
    public async Task the_gitlab_release_pipeline_includes_the_component_with_declared_inputs_and_needs_only_its_own_jobs()
    {
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build();
        var pipeline = yaml.Deserialize<Dictionary<string, object>>(await File.ReadAllTextAsync(Path.Combine(Root, ".gitlab-ci.yml")));
        var component = yaml.Deserialize<Dictionary<string, Dictionary<string, Dictionary<string, object>>>>(
            (await File.ReadAllTextAsync(Path.Combine(Root, "templates/changeledger.yml"))).Split("\n---\n")[0]);
        var declared = component["spec"]["inputs"].Keys.ToHashSet();
        var includes = ((List<object>)pipeline["include"]).Cast<Dictionary<object, object>>().ToList();

        includes.ShouldAllBe(i => (string)i["local"] == "templates/changeledger.yml");
        var inputs = includes.Select(i => ((Dictionary<object, object>)i["inputs"]).Keys.Cast<string>().ToList()).ToList();
        inputs.SelectMany(i => i).Except(declared).ShouldBeEmpty();
        var jobs = pipeline.Keys.Except(["workflow", "stages", "variables", "include"])
            .Concat(includes.Select(i => (string)((Dictionary<object, object>)i["inputs"])["job-name"])).ToHashSet();
        var needs = pipeline.Values.OfType<Dictionary<object, object>>().Where(j => j.ContainsKey("needs"))
            .SelectMany(j => ((List<object>)j["needs"]).Cast<string>());
        needs.Except(jobs).ShouldBeEmpty();
        ((List<object>)pipeline["stages"]).Cast<string>().ShouldBe(["build", "publish", "record"]);
    }
}
