using System.Net;
using ChangeLedger.Cli;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Cli;

/// <summary>The changeledger command driven against the in-process service, as a CI step would run it.</summary>
public sealed class RunningTheCli(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Repository = "github.com/acme/cli-gate";

    private async Task<(int Exit, string Out, string Error)> Cli(HttpClient? client, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var host = new CliHost(_ => client ?? app.Client, output, error)
        {
            RetryDelay = TimeSpan.FromMilliseconds(1),
            Environment = name => name == "CHANGELEDGER_RUNNER" ? "ci-7" : null,
        };
        var exit = await LedgerCommands.Run(args, host);
        return (exit, output.ToString(), error.ToString());
    }

    private Task<(int Exit, string Out, string Error)> Cli(params string[] args) => Cli(null, args);

    private async Task GeneratedChangeUnderPolicy(string changeId)
    {
        var policy = new SetPolicyRequest(["unit-tests"], 1, true, "platform-team", "CI gate tests");
        var set = await app.Put($"/v1/repositories/{Uri.EscapeDataString(Repository)}/policy", policy);
        if (set.StatusCode != HttpStatusCode.OK) await set.ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated(changeId, repository: Repository))).ShouldHaveStatus(201);
    }

    [Fact]
    public async Task validate_with_a_failing_command_records_a_failure_and_exits_non_zero()
    {
        await (await app.Post("/v1/changes", Requests.Human("cli-validate-1"))).ShouldHaveStatus(201);

        var (exit, output, _) = await Cli("validate", "--change", "cli-validate-1", "--check", "unit-tests", "--commit", "c0ffee1", "--runner", "ci-7", "--", "false");

        exit.ShouldNotBe(0);
        output.ShouldContain("unit-tests failed");
        var run = (await app.Get<Evidence>("/v1/changes/cli-validate-1/evidence")).Checks.Single().LatestOnHead!;
        run.Outcome.ShouldBe(ValidationOutcome.Failed);
        run.Command.ShouldBe("false");
        run.Runner.ShouldBe("ci-7");
        run.DurationMs.ShouldNotBeNull();
    }

    [Fact]
    public async Task gate_exits_1_and_prints_the_failing_rules_when_a_required_check_failed()
    {
        await GeneratedChangeUnderPolicy("cli-gate-red");
        (await Cli("validate", "--change", "cli-gate-red", "--check", "unit-tests", "--commit", "c0ffee1", "--", "false")).Exit.ShouldNotBe(0);
        (await Cli("review", "--change", "cli-gate-red", "--reviewer", "rita", "--decision", "accepted", "--commit", "c0ffee1")).Exit.ShouldBe(0);

        var (exit, output, _) = await Cli("gate", "--change", "cli-gate-red", "--environment", "prod");

        exit.ShouldBe(1);
        output.ShouldContain("NOT READY");
        output.ShouldContain("FAILED required-check:unit-tests: The latest run of unit-tests on head c0ffee1 failed.");
        output.ShouldNotContain("FAILED min-approvals");
    }

    [Fact]
    public async Task gate_exits_0_when_every_rule_passes_and_release_then_records_the_release()
    {
        await GeneratedChangeUnderPolicy("cli-gate-green");
        (await Cli("validate", "--change", "cli-gate-green", "--check", "unit-tests", "--commit", "c0ffee1", "--", "true")).Exit.ShouldBe(0);
        (await Cli("review", "--change", "cli-gate-green", "--reviewer", "rita", "--decision", "accepted", "--commit", "c0ffee1")).Exit.ShouldBe(0);

        var (exit, output, _) = await Cli("gate", "--change", "cli-gate-green", "--environment", "prod");

        exit.ShouldBe(0);
        output.ShouldStartWith("READY");
        (await Cli("release", "--change", "cli-gate-green", "--environment", "prod", "--version", "1.4.2", "--released-by", "deployer-dave")).Exit.ShouldBe(0);
        (await app.Get<ChangeSummary>("/v1/changes/cli-gate-green")).Status.ShouldBe(ChangeStatus.Released);
    }

    [Fact]
    public async Task gate_exits_1_and_names_the_freeze_window_in_force_on_the_environment()
    {
        const string repository = "github.com/acme/cli-frozen";
        var now = DateTimeOffset.UtcNow;
        await (await app.Put("/v1/environments/prod-cli/freeze-windows/cli-close",
            new FreezeWindowRequest("Europe/Berlin", now.AddMinutes(-5), now.AddDays(1), null, [repository], "year end"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Generated("cli-frozen", repository: repository))).ShouldHaveStatus(201);
        (await Cli("review", "--change", "cli-frozen", "--reviewer", "rita", "--decision", "accepted", "--commit", "c0ffee1")).Exit.ShouldBe(0);

        var (exit, output, _) = await Cli("gate", "--change", "cli-frozen", "--environment", "prod-cli");

        exit.ShouldBe(1);
        output.ShouldContain("NOT READY");
        output.ShouldContain("FAILED outside-freeze-window: prod-cli is frozen for github.com/acme/cli-frozen: window cli-close (year end) in force from");
        output.ShouldContain("Europe/Berlin");
        (await Cli("gate", "--change", "cli-frozen", "--environment", "staging")).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task release_refused_by_the_gate_exits_1_and_the_verdict_is_recorded()
    {
        await GeneratedChangeUnderPolicy("cli-release-red");

        var (exit, output, _) = await Cli("release", "--change", "cli-release-red", "--environment", "prod", "--version", "1.0.0", "--released-by", "deployer-dave");

        exit.ShouldBe(1);
        output.ShouldContain("FAILED required-check:unit-tests");
        (await app.Get<ReleaseView>("/v1/changes/cli-release-red/release")).LastVerdict!.Ready.ShouldBeFalse();
    }

    [Fact]
    public async Task gate_exits_65_when_the_change_is_unknown_and_64_when_the_usage_is_wrong()
    {
        var unknown = await Cli("gate", "--change", "never-proposed-cli", "--environment", "prod");
        unknown.Exit.ShouldBe(ExitCodes.Refused);
        unknown.Error.ShouldContain("No change 'never-proposed-cli'");

        (await Cli("gate", "--change", "x")).Exit.ShouldBe(ExitCodes.Usage);
    }

    [Fact]
    public async Task validate_passes_the_check_exit_code_through_and_a_check_that_cannot_run_is_recorded_as_errored()
    {
        await (await app.Post("/v1/changes", Requests.Human("cli-validate-codes"))).ShouldHaveStatus(201);

        (await Cli("validate", "--change", "cli-validate-codes", "--check", "lint", "--commit", "c0ffee1", "--", "sh", "-c", "exit 3")).Exit.ShouldBe(3);
        var missing = await Cli("validate", "--change", "cli-validate-codes", "--check", "typos", "--commit", "c0ffee1", "--", "no-such-linter-here");

        missing.Exit.ShouldBe(ExitCodes.CheckNotFound);
        missing.Error.ShouldContain("could not run 'no-such-linter-here'");
        var checks = (await app.Get<Evidence>("/v1/changes/cli-validate-codes/evidence")).Checks;
        checks.Single(c => c.Check == "typos").LatestOnHead!.Outcome.ShouldBe(ValidationOutcome.Errored);
        checks.Single(c => c.Check == "lint").LatestOnHead!.Outcome.ShouldBe(ValidationOutcome.Failed);
    }

    [Fact]
    public async Task validate_exits_with_the_ledger_code_when_the_outcome_could_not_be_recorded()
    {
        var (exit, _, error) = await Cli("validate", "--change", "cli-never-proposed", "--check", "lint", "--commit", "c0ffee1", "--", "false");

        exit.ShouldBe(ExitCodes.Refused);
        error.ShouldContain("refused: HTTP 404");
    }

    [Fact]
    public async Task revise_moves_the_head_and_makes_older_evidence_stale()
    {
        await GeneratedChangeUnderPolicy("cli-revise-1");
        (await Cli("validate", "--change", "cli-revise-1", "--check", "unit-tests", "--commit", "c0ffee1", "--", "true")).Exit.ShouldBe(0);

        var (exit, output, _) = await Cli("revise", "--change", "cli-revise-1", "--head", "beef002", "--revised-by", "ci-bot", "--summary", "fix lint");

        exit.ShouldBe(0);
        output.ShouldContain("revised cli-revise-1 to beef002");
        var evidence = await app.Get<Evidence>("/v1/changes/cli-revise-1/evidence");
        evidence.HeadCommit.ShouldBe("beef002");
        evidence.Checks.Single().LatestOnHead.ShouldBeNull();
        (await Cli("revise", "--change", "cli-revise-1", "--head", "beef002", "--revised-by", "ci-bot")).Exit.ShouldBe(ExitCodes.Refused);
    }

    [Fact]
    public async Task the_text_trail_says_which_check_ran_how_it_ended_and_why_a_release_was_refused()
    {
        await GeneratedChangeUnderPolicy("cli-trail-text");
        (await Cli("validate", "--change", "cli-trail-text", "--check", "unit-tests", "--commit", "c0ffee1", "--", "false")).Exit.ShouldBe(1);
        (await Cli("release", "--change", "cli-trail-text", "--environment", "prod", "--version", "2.0", "--released-by", "dave")).Exit.ShouldBe(1);

        var (_, output, _) = await Cli("trail", "--change", "cli-trail-text");

        output.ShouldContain("validation_recorded by ci-7: unit-tests failed on c0ffee1");
        output.ShouldContain("release_verdict_recorded by dave: verdict for prod: NOT READY, failed required-check:unit-tests (The latest run of unit-tests on head c0ffee1 failed.)");
    }

    [Fact]
    public async Task propose_then_hold_and_lift_show_up_in_the_trail()
    {
        (await Cli("propose", "--change", "cli-trail-1", "--repository", Repository, "--title", "Bump refunds", "--owner", "alice",
            "--head", "c0ffee1", "--origin", "generated", "--tool", "claude-code", "--requested-by", "bob")).Exit.ShouldBe(0);
        (await Cli("hold", "--change", "cli-trail-1", "--reason", "INC-9", "--placed-by", "carol", "--hold-id", "inc-9", "--kind", "incident")).Exit.ShouldBe(0);
        (await Cli("lift", "--change", "cli-trail-1", "--hold-id", "inc-9", "--lifted-by", "carol", "--justification", "resolved")).Exit.ShouldBe(0);

        var (exit, output, _) = await Cli("trail", "--change", "cli-trail-1");

        exit.ShouldBe(0);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3);
        output.ShouldContain("hold_lifted by carol");
        (await app.Get<ChangeSummary>("/v1/changes/cli-trail-1")).Origin.Tool.ShouldBe("claude-code");
    }

    [Fact]
    public async Task a_write_retried_after_transient_failures_sends_the_same_event_id_and_is_stored_once()
    {
        await (await app.Post("/v1/changes", Requests.Human("cli-retry-1"))).ShouldHaveStatus(201);
        var flaky = new FlakyHandler(failures: 2) { InnerHandler = app.Host.Server.CreateHandler() };
        using var client = new HttpClient(flaky) { BaseAddress = app.Client.BaseAddress };

        var (exit, _, error) = await Cli(client, "--key", app.AdminKey, "validate", "--change", "cli-retry-1", "--check", "lint", "--commit", "c0ffee1", "--outcome", "passed");

        exit.ShouldBe(0);
        error.ShouldContain("retrying");
        flaky.Bodies.Count.ShouldBe(3);
        flaky.Bodies.Distinct().Count().ShouldBe(1);
        flaky.Authorizations.ShouldAllBe(a => a == "Bearer " + app.AdminKey);
        (await app.EventCount("cli-retry-1")).ShouldBe(2);
    }

    [Fact]
    public async Task an_export_the_service_refuses_exits_2_and_leaves_no_file_behind()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cl-export-{Guid.NewGuid():N}.csv");

        var (exit, _, error) = await Cli("export", "ownership", "--from", "2026-01-01T00:00:00Z", "--to", "2025-01-01T00:00:00Z", "--output", file);

        exit.ShouldBe(ExitCodes.Refused);
        error.ShouldContain("export refused: HTTP 400");
        File.Exists(file).ShouldBeFalse();
        File.Exists(file + ".partial").ShouldBeFalse();
    }

    [Fact]
    public async Task an_export_is_streamed_into_the_named_file()
    {
        await (await app.Post("/v1/changes", Requests.Human("cli-export-1"))).ShouldHaveStatus(201);
        var file = Path.Combine(Path.GetTempPath(), $"cl-export-{Guid.NewGuid():N}.csv");

        var (exit, _, _) = await Cli("export", "ownership", "--output", file);

        exit.ShouldBe(0);
        var lines = await File.ReadAllLinesAsync(file);
        lines[0].ShouldStartWith("changeId,");
        lines.ShouldContain(l => l.StartsWith("cli-export-1,"));
        File.Delete(file);
    }

    /// <summary>Answers 503 to the first requests, as a restarting service or a proxy would, then lets them through.</summary>
    private sealed class FlakyHandler(int failures) : DelegatingHandler
    {
        public List<string> Bodies { get; } = [];

        public List<string?> Authorizations { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Bodies.Add(await request.Content!.ReadAsStringAsync(ct));
            Authorizations.Add(request.Headers.Authorization?.ToString());
            return Bodies.Count <= failures ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : await base.SendAsync(request, ct);
        }
    }
}
