using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>
/// POST /v1/changes/{id}/revisions — a new head commit; evidence and reviews on older commits go stale (unless the
/// policy carries over evidence of the same patch-id: see Release/CarryOver.cs).
/// </summary>
public sealed record ReviseChange(string ChangeId, string HeadCommit, string RevisedBy, string? Summary = null,
    string? BaseCommit = null, string? PatchId = null, IReadOnlyList<string>? ChangedPaths = null, CriteriaRevisionBody? Criteria = null, DiffSize? Size = null) : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<ReviseChangeRequest>("change_revised", "revise", Permissions.Propose, Validate,
        (id, _, r) => new ReviseChange(id, r.HeadCommit!, r.RevisedBy!, r.Summary, r.BaseCommit, r.PatchId, r.ChangedPaths, r.Criteria, DiffSizes.Of(r.Size)));

    public override WriteKind Kind => Spec;

    public static Validation Validate(ReviseChangeRequest r) =>
        Validation.ForWrite(r)
            .Required("headCommit", r.HeadCommit, Validation.Commit)
            .Required("revisedBy", r.RevisedBy)
            .Optional("summary", r.Summary, Validation.Text)
            .Optional("baseCommit", r.BaseCommit, Validation.Commit)
            .PatchId("patchId", r.PatchId)
            .ChangedPaths("changedPaths", r.ChangedPaths)
            .Texts("criteria.add", r.Criteria?.Add, idRequired: false)
            .Texts("criteria.reword", r.Criteria?.Reword, idRequired: true)
            .Ids("criteria.drop", r.Criteria?.Drop)
            .Size("size", r.Size);

    public static Decision Decide(Change? change, ReviseChange c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanRevise, "it can no longer be revised; propose a new change") is { } refused) return refused;
        if (change!.HeadCommit == c.HeadCommit)
            return Problem.Conflict("same-head-commit", "The change is already at that commit",
                $"Change '{c.ChangeId}' already has head commit {c.HeadCommit}; a revision names a new commit.");
        var revised = new ChangeRevised(c.ChangeId, c.HeadCommit, change.HeadCommit, c.RevisedBy, c.Summary, c.At(now),
            c.BaseCommit, c.PatchId, c.ChangedPaths,
            c.ChangedPaths is null ? null : ScopeGlob.Outside(change.Summary.Scope, c.ChangedPaths), c.Size);
        if (c.Criteria is null) return Decision.Of(revised);
        var criteria = AcceptanceCriteria.Revise(change, c.Criteria, c.RevisedBy, c.At(now));
        return criteria.Problem is { } problem ? problem : Decision.Of(revised, criteria.Events[0]);
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/revisions", (string changeId, ReviseChangeRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("ReviseChange", "Record a new head commit (ChangeRevised)", Permissions.Propose);
}
