using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>
/// POST /v1/changes/{id}/reviews — a human decided on a commit. A decision on an older commit is recorded
/// (it happened) but is stale from the start and moves no status.
/// </summary>
public static class DecideReview
{
    public static Validation Validate(DecideReviewRequest r) =>
        Validation.ForWrite(r)
            .Required("reviewer", r.Reviewer)
            .Required("decision", r.Decision)
            .Required("commit", r.Commit, Validation.Commit)
            .Optional("comment", r.Comment, Validation.Text);

    public static Decision Decide(Change? change, string changeId, DecideReviewRequest r, DateTimeOffset now)
    {
        if (Guards.Exists(change, changeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanReview, "it accepts no further reviews") is { } refused) return refused;
        return Decision.Of(new ReviewDecided(changeId, r.Reviewer!, r.Decision!.Value, r.Commit!, r.Comment, r.OccurredAt ?? now));
    }

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/reviews", (string changeId, DecideReviewRequest body, LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
                writer.Write(user, changeId, "decide-review", body, Validate, Decide, ct))
            .Describe("DecideReview", "Record a reviewer's decision on a commit (ReviewDecided)", Permissions.Decide);
}
