using ChangeLedger.Contracts;

namespace ChangeLedger.Hosting;

/// <summary>
/// One example per request body, told as the README's tour tells it (change gh:acme.payments:482). A test runs each
/// through its request's validator, so an example the service would refuse fails the build.
/// </summary>
public static class OpenApiExamples
{
    private const string Commit = "a1b2c3d";

    private static readonly Dictionary<Type, object> Examples = new[]
    {
        (object)new ProposeChangeRequest("gh:acme.payments:482", "github.com/acme/payments", "Retry idempotent refunds", Commit, "9f8e7d6",
            "alice", "ci-bot", new OriginBody(OriginKind.Generated, "claude-code", "opus", RequestedBy: "bob"),
            new ScopeBody(["src/refunds/**"]), ["A refund retried with the same key is paid once"], EventId: "pr-482-opened"),
        new OriginBody(OriginKind.Generated, "claude-code", "opus", RequestedBy: "bob"),
        new ScopeBody(["src/refunds/**"], ["src/refunds/legacy/**"]),
        new ReviseChangeRequest("b2c3d4e", "ci-bot", "Address review: back off between retries", EventId: "pr-482-push-2"),
        new TransferOwnershipRequest("erin", "alice", "alice moves to the mobile team", ExpectedVersion: 3),
        new RecordValidationRequest("unit-tests", Commit, ValidationOutcome.Passed, "github-actions", "dotnet test",
            "https://github.com/acme/payments/actions/runs/91", 48210, "sha256:4f2a…", EventId: "run-91-unit-tests"),
        new DecideReviewRequest("erin", ReviewDecision.Accepted, Commit, "Retries are bounded; looks right."),
        new SplitChangeRequest([new SplitChildBody("gh:acme.payments:482a", "Retry refunds"), new SplitChildBody("gh:acme.payments:482b", "Refund metrics")],
            "erin", "Two concerns in one change"),
        new SplitChildBody("gh:acme.payments:482a", "Retry refunds", new ScopeBody(["src/refunds/**"])),
        new PlaceHoldRequest(HoldKind.Incident, "INC-2231: refunds paid twice in staging", "sre-oncall", "inc-2231", null),
        new LiftHoldRequest("sre-oncall", "INC-2231 resolved; root cause was the staging mock"),
        new WithdrawChangeRequest("alice", "Superseded by gh:acme.payments:490"),
        new MergeChangeRequest("github", "e4f5a6b", EventId: "pr-482-merged"),
        new DetectIncidentRequest("inc-2231", "prod", "payments-api", "Refunds paid twice", "alertmanager"),
        new ResolveIncidentRequest("inc-2231", "sre-oncall", "Rolled back to 1.4.1"),
        new ReleaseChangeRequest("prod", "1.4.2", "deployer", EventId: "deploy-1.4.2-prod"),
        new OverrideBody("cto", "Hotfix for a live outage; the flaky lint check is tracked in INC-2240"),
        new SetPolicyRequest(["unit-tests", "lint"], 1, true, "ann", "payments baseline"),
        new DiffSizeBody(3, 120, 14),
        new SizeBudget(new SizeLimit(400, 20)),
        new SizeLimit(400, 20),
        new CodeOwnersRequest(CodeOwnersDialect.Github, "*             @acme/payments\n/src/refunds/ @acme/refunds alice@example.com\n", "ann", "CODEOWNERS at e4f5a6b"),
        new CodeOwnerTeamsRequest([new("@acme/refunds", ["gina", "hal@example.com"])], "ann", "from the org team list"),
        new FreezeWindowRequest("Europe/Berlin", null, null, new WeeklyFreeze(["fri"], "16:00", "08:00"), ["github.com/acme/*"],
            "No releases from Friday afternoon until Saturday morning"),
        new WeeklyFreeze(["fri"], "16:00", "08:00"),
        new RecordAttestationRequest(AttestationType.TestReport, "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "github-actions", Commit,
            Name: "unit", Url: "https://github.com/acme/payments/actions/runs/91", TestReport: new TestReportSummary(412, 0, 0, 3, "junit"), EventId: "run-91-junit"),
        new IssueKeyRequest("payments-ci", ["ingest"], ["github.com/acme/payments"]),
        new TrustRuleRequest("https://token.actions.githubusercontent.com", null,
            new Dictionary<string, string> { ["repository"] = "acme/payments", ["ref"] = "refs/heads/main" }, ["ingest"], ["github.com/acme/*"],
            "payments CI records its own checks with its OIDC token"),
        new SignerRequest("""
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAET1gk9OpyyCemR30KvmrLXRrPVqRc
            AJYOCyMW8cyM97QI7nStqPAVjm8c2GPChLPOMTcs2A+T4VsT5t1p+3hjeA==
            -----END PUBLIC KEY-----
            """, ["github.com/acme/payments"], "payments CI signs its test results and provenance"),
        new WebhookRequest("https://siem.example.com/hooks/changeledger", ["github.com/acme/*"],
            ["dev.changeledger.release.overridden.v1", "dev.changeledger.release.refused.v1"], null, "security reviews every refused and overridden release"),
    }.ToDictionary(e => e.GetType());

    public static object? For(Type requestType) => Examples.GetValueOrDefault(requestType);

    public static IEnumerable<object> All => Examples.Values;
}
