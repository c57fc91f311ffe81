using System.Text.Json;
using ChangeLedger.Cli;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>
/// What a platform engineer meets in the first hour with the CLI: every command says what it did, prints for people by
/// default and JSON with --json, shows the policy and the signing key without curl, and answers a typo with one line.
/// </summary>
public sealed class SayingWhatItDid(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Repository = "github.com/acme/cli-said";

    [Fact]
    public async Task export_says_what_it_wrote_to_the_file_and_keeps_stdout_for_the_rows_when_it_streams()
    {
        await (await app.Post("/v1/changes", Requests.Human("said-export-1"))).ShouldHaveStatus(201);
        var file = Path.Combine(Path.GetTempPath(), $"cl-said-{Guid.NewGuid():N}.csv");

        var toFile = await app.Cli("export", "ownership", "--output", file);
        var toStdout = await app.Cli("export", "ownership");

        toFile.Exit.ShouldBe(0);
        toFile.Out.ShouldBe($"exported ownership to {file} ({new FileInfo(file).Length} bytes){Environment.NewLine}");
        toStdout.Exit.ShouldBe(0);
        toStdout.Stdout.ShouldStartWith("changeId,");
        toStdout.Error.ShouldStartWith("exported ownership to stdout (");
        File.Delete(file);
    }

    [Fact]
    public async Task trail_prints_an_attestation_as_a_sentence_and_json_for_machines()
    {
        await (await app.Post("/v1/changes", Requests.Human("said-trail-1"))).ShouldHaveStatus(201);
        (await app.Cli("attest", "junit", SummarisingReports.Sample("junit/refunds-unit.xml"), "--change", "said-trail-1", "--commit", "c0ffee1", "--name", "unit"))
            .Exit.ShouldBe(0);

        var text = await app.Cli("trail", "--change", "said-trail-1");
        var json = await app.Cli("trail", "--change", "said-trail-1", "--json");

        text.Exit.ShouldBe(0);
        var line = text.Out.Split('\n').Single(l => l.Contains("attestation_recorded"));
        line.ShouldContain("attested test_report unit (6 tests, 4 failures, 0 errors, 1 skipped) on c0ffee1, digest sha256:");
        line.ShouldNotContain("{");
        JsonDocument.Parse(json.Out).RootElement.GetProperty("events").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task verify_json_prints_the_verdict_and_every_problem_as_json()
    {
        await (await app.Post("/v1/changes", Requests.Human("said-verify-1"))).ShouldHaveStatus(201);
        var dir = Directory.CreateTempSubdirectory("cl-said-").FullName;
        var (trail, key) = (Path.Combine(dir, "trail.ndjson"), Path.Combine(dir, "key.pem"));
        (await app.Cli("export", "trail", "--format", "ndjson", "--output", trail)).Exit.ShouldBe(0);
        var pem = await app.Cli("public-key");
        await File.WriteAllTextAsync(key, pem.Out);

        var intact = await app.Cli("verify", trail, "--public-key", key, "--json");
        await File.WriteAllTextAsync(trail, (await File.ReadAllTextAsync(trail)).Replace("said-verify-1", "said-verify-9"));
        var tampered = await app.Cli("verify", trail, "--public-key", key, "--json");
        var missing = await app.Cli("verify", Path.Combine(dir, "none.ndjson"), "--public-key", key, "--json");

        intact.Exit.ShouldBe(ExitCodes.Ok);
        var ok = JsonDocument.Parse(intact.Out).RootElement;
        ok.GetProperty("intact").GetBoolean().ShouldBeTrue();
        ok.GetProperty("events").GetInt64().ShouldBeGreaterThan(0);
        ok.GetProperty("keyIds").GetArrayLength().ShouldBe(1);
        tampered.Exit.ShouldBe(ExitCodes.NotIntact);
        var broken = JsonDocument.Parse(tampered.Out).RootElement;
        broken.GetProperty("intact").GetBoolean().ShouldBeFalse();
        broken.GetProperty("problems").EnumerateArray().ShouldContain(p => p.GetProperty("detail").GetString()!.Contains("does not match its hash"));
        missing.Exit.ShouldBe(ExitCodes.NoInput);
        JsonDocument.Parse(missing.Out).RootElement.GetProperty("error").GetString()!.ShouldContain("cannot read");
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task public_key_prints_the_pem_the_ledger_publishes_and_nothing_else()
    {
        var published = await app.Get<JsonElement>("/v1/integrity/public-key");

        var keys = await app.Get<JsonElement>("/v1/integrity/keys");

        var run = await app.Cli("public-key");
        var all = await app.Cli("public-key", "--all");

        run.Exit.ShouldBe(0);
        run.Out.TrimEnd().ShouldBe(published.GetProperty("publicKeyPem").GetString()!.TrimEnd());
        run.Error.ShouldContain(published.GetProperty("keyId").GetString()!);
        all.Exit.ShouldBe(0);
        all.Out.Split("-----BEGIN PUBLIC KEY-----").Length.ShouldBe(keys.GetProperty("keys").GetArrayLength() + 1);
    }

    [Fact]
    public async Task policy_shows_the_rules_in_force_and_what_an_environment_adds()
    {
        var policy = new SetPolicyRequest(["unit-tests"], 1, true, "platform-team", "CLI policy test",
            Environments: [new EnvironmentPolicyBody("prod", ["e2e"], 2, ["staging"])]);
        var set = await app.Put($"/v1/repositories/{Uri.EscapeDataString(Repository)}/policy", policy);
        if (set.StatusCode != System.Net.HttpStatusCode.OK) await set.ShouldHaveStatus(201);

        var all = await app.Cli("policy", "--repository", Repository);
        var prod = await app.Cli("policy", "--repository", Repository, "--environment", "prod");
        var json = await app.Cli("policy", "--repository", Repository, "--json");
        var unset = await app.Cli("policy", "--repository", "github.com/acme/no-policy-here");

        all.Exit.ShouldBe(0);
        all.Out.ShouldContain($"{Repository}: policy v");
        all.Out.ShouldContain("required checks: unit-tests");
        all.Out.ShouldContain("prod: also e2e; 2 approval(s); after staging");
        prod.Out.ShouldContain("required checks: unit-tests, e2e");
        prod.Out.ShouldContain("independent approvals: 2");
        prod.Out.ShouldContain("released first to: staging");
        JsonDocument.Parse(json.Out).RootElement.GetProperty("requiredChecks")[0].GetString().ShouldBe("unit-tests");
        unset.Out.ShouldContain("the built-in default policy");
    }

    [Theory]
    [InlineData(new[] { "gatee", "--change", "x", "--environment", "prod" }, "unknown command 'gatee'; did you mean 'gate'?")]
    [InlineData(new[] { "gate", "--change", "x", "--enviroment", "prod" }, "unknown option '--enviroment'; did you mean '--environment'?")]
    [InlineData(new[] { "pubilc-key" }, "unknown command 'pubilc-key'; did you mean 'public-key'?")]
    public async Task a_typo_is_one_error_with_a_suggestion(string[] args, string said)
    {
        var run = await app.Cli(args);

        run.Exit.ShouldBe(ExitCodes.Usage);
        var errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("changeledger:")).ToList();
        errors.ShouldBe(["changeledger: " + said]);
        run.Out.ShouldBeEmpty();
    }
}
