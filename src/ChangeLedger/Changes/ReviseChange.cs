using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/revisions — a new head commit; evidence and reviews on older commits go stale.</summary>
public static class ReviseChange
{
    public static Validation Validate(ReviseChangeRequest r) =>
        Validation.ForWrite(r)
            .Required("headCommit", r.HeadCommit, Validation.Commit)
            .Required("revisedBy", r.RevisedBy)
            .Optional("summary", r.Summary, Validation.Text);

    public static Decision Decide(Change? change, string changeId, ReviseChangeRequest r, DateTimeOffset now)
    {
        if (Guards.Exists(change, changeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanRevise, "it can no longer be revised; propose a new change") is { } refused) return refused;
        if (change!.HeadCommit == r.HeadCommit)
            return Problem.Conflict("same-head-commit", "The change is already at that commit",
                $"Change '{changeId}' already has head commit {r.HeadCommit}; a revision names a new commit.");
        return Decision.Of(new ChangeRevised(changeId, r.HeadCommit!, change.HeadCommit, r.RevisedBy!, r.Summary, r.OccurredAt ?? now));
    }

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/revisions", (string changeId, ReviseChangeRequest body, LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
                writer.Write(user, changeId, "revise", body, Validate, Decide, ct))
            .Describe("ReviseChange", "Record a new head commit (ChangeRevised)", Permissions.Propose);
}
