using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>
/// POST /v1/changes/{id}/reviews — a human decided on a commit. A decision on an older commit is recorded
/// (it happened) but is stale from the start and moves no status. A person signed in with their own login records
/// reviews only in their own name, and those are verified; a key or a pipeline records them as asserted.
/// </summary>
public sealed record DecideReview(string ChangeId, string Reviewer, ReviewDecision Decision, string Commit, string? Comment = null,
    string? Assurance = null, string? VerifiedAs = null, IReadOnlyList<string>? Criteria = null) : ChangeCommand(ChangeId)
{
    public const string Verified = "verified";
    public const string Asserted = "asserted";

    public static readonly WriteKind Spec = WriteKind.Of<DecideReviewRequest>("review_decided", "decide-review", Permissions.Decide, Validate,
        (id, _, r) => new DecideReview(id, r.Reviewer!, r.Decision!.Value, r.Commit!, r.Comment, Criteria: r.Criteria));

    public override WriteKind Kind => Spec;

    public static Validation Validate(DecideReviewRequest r) =>
        Validation.ForWrite(r)
            .Required("reviewer", r.Reviewer)
            .Required("decision", r.Decision)
            .Required("commit", r.Commit, Validation.Commit)
            .Optional("comment", r.Comment, Validation.Text)
            .Ids("criteria", r.Criteria)
            .Rule(r.Criteria is null || r.Decision is null or ReviewDecision.Accepted, "criteria", "Only an accepting review accepts criteria.");

    public static Decision Decide(Change? change, DecideReview c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanReview, "it accepts no further reviews") is { } refused) return refused;
        if (AcceptanceCriteria.Unclaimable(change!, c.Criteria) is { } unknown) return unknown;
        return Ledger.Decision.Of(new ReviewDecided(c.ChangeId, c.Reviewer, c.Decision, c.Commit, c.Comment, c.At(now), c.Assurance, c.VerifiedAs,
            c.Criteria is { Count: > 0 } ? c.Criteria : null));
    }

    /// <summary>What the ledger knows of who authenticated is part of the facts: a person's own review is verified, any other asserted.</summary>
    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) =>
        inputs.Caller.Person is { } person
            ? string.Equals(person.Trim(), Reviewer.Trim(), StringComparison.OrdinalIgnoreCase)
                ? Decide(inputs.Change, this with { Assurance = Verified, VerifiedAs = inputs.Caller.Principal }, now)
                : new Problem(403, "reviewer-not-caller", "A signed-in person reviews only in their own name",
                    $"You are signed in as '{person}' ({inputs.Caller.Principal}), but the review names '{Reviewer}'. Record your own review, or have a pipeline or key record '{Reviewer}''s review as asserted.")
            : Decide(inputs.Change, this with { Assurance = Asserted, VerifiedAs = null }, now);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/reviews", (string changeId, DecideReviewRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("DecideReview", "Record a reviewer's decision on a commit (ReviewDecided)", Permissions.Decide);
}
