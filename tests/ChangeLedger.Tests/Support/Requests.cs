using ChangeLedger.Contracts;

namespace ChangeLedger.Tests.Support;

/// <summary>Request bodies as a CI pipeline or a reviewer would send them, with sensible defaults.</summary>
public static class Requests
{
    public const string Repository = "github.com/acme/payments";

    public static ProposeChangeRequest Generated(string changeId, string head = "c0ffee1", string owner = "alice", string repository = Repository) =>
        new(changeId, repository, "Retry idempotent refunds", head, "base000", owner, "ci-bot",
            new OriginBody(OriginKind.Generated, "claude-code", "opus-4", "prompts/482", "sess-1", "bob"),
            new ScopeBody(["src/refunds/**"], ["src/ledger/**"]), ["refunds retry at most 3 times"]);

    public static ProposeChangeRequest Human(string changeId, string head = "c0ffee1", string owner = "alice", string repository = Repository) =>
        new(changeId, repository, "Fix typo in README", head, null, owner, owner, new OriginBody(OriginKind.Human));

    public static RecordValidationRequest Check(string check, string commit, ValidationOutcome outcome) =>
        new(check, commit, outcome, "github-actions", $"dotnet test --filter {check}", "https://ci.example/runs/1", 1234, "sha256:abc");

    public static DecideReviewRequest Review(string reviewer, string commit, ReviewDecision decision = ReviewDecision.Accepted) =>
        new(reviewer, decision, commit, "looks right");

    public static PlaceHoldRequest Hold(string? holdId = null, DateTimeOffset? expiresAt = null) =>
        new(HoldKind.Incident, "INC-7: payments degraded", "oncall-carol", holdId, expiresAt);

    public static ReleaseChangeRequest Release(string environment = "prod", OverrideBody? @override = null) =>
        new(environment, "1.4.2", "deployer-dave", @override);
}
