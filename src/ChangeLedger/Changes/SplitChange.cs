using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>
/// POST /v1/changes/{id}/splits — the change is split into children. Each child starts its own stream with a
/// ChangeProposed that points back at the parent, in the same transaction as the parent's ChangeSplit.
/// </summary>
public static class SplitChange
{
    public const int MaxChildren = 50;

    public static Validation Validate(SplitChangeRequest r)
    {
        var v = Validation.ForWrite(r)
            .Required("by", r.By)
            .Required("reason", r.Reason, Validation.Text)
            .Rule(r.Children is { Count: >= 2 and <= MaxChildren }, "children", $"A split names between 2 and {MaxChildren} children.");
        for (var i = 0; i < (r.Children?.Count ?? 0) && i < MaxChildren; i++)
        {
            var child = r.Children![i];
            v.ChangeId($"children[{i}].changeId", child?.ChangeId).Required($"children[{i}].title", child?.Title, 500)
                .List($"children[{i}].scope.includes", child?.Scope?.Includes).List($"children[{i}].scope.excludes", child?.Scope?.Excludes);
        }
        var ids = r.Children?.Select(c => c?.ChangeId).Where(id => id is not null).ToList() ?? [];
        return v.Rule(ids.Distinct().Count() == ids.Count, "children", "Each child has its own change id.");
    }

    public static Decision Decide(Change? change, string changeId, SplitChangeRequest r, DateTimeOffset now)
    {
        if (Guards.Exists(change, changeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanSplit, "it can no longer be split") is { } refused) return refused;
        if (r.Children!.Any(c => c.ChangeId == changeId))
            return Problem.Invalid(new Dictionary<string, string[]> { ["children"] = ["A change cannot be its own child."] });
        var children = r.Children!.Select(c => new SplitChild(c.ChangeId!, c.Title!, new Scope(c.Scope?.Includes ?? [], c.Scope?.Excludes ?? []))).ToList();
        return Decision.Of(new ChangeSplit(changeId, children, r.By!, r.Reason!, r.OccurredAt ?? now));
    }

    /// <summary>The children inherit what makes them the parent's work: repository, owner, commits, origin.</summary>
    public static IEnumerable<StreamStart> Children(Change parent, ChangeSplit split) =>
        split.Children.Select(c => new StreamStart(c.ChangeId, new ChangeProposed(c.ChangeId, parent.Repository, c.Title, parent.HeadCommit,
            null, parent.Owner, split.By, parent.Origin, c.Scope, [], parent.Id, split.OccurredAt)));

    public static Task<WriteOutcome> Outcome(LedgerWriter writer, ClaimsPrincipal user, string changeId, SplitChangeRequest body, CancellationToken ct) =>
        writer.Outcome(user, changeId, "split", body, Validate, Decide, ct,
            command => command with { Starts = (parent, events) => events.OfType<ChangeSplit>().SelectMany(s => Children(parent, s)) });

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/splits", async (string changeId, SplitChangeRequest body, LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
                (await Outcome(writer, user, changeId, body, ct)).ToResult())
            .Describe("SplitChange", "Split the change into child changes (ChangeSplit + ChangeProposed per child)", Permissions.Decide);
}
