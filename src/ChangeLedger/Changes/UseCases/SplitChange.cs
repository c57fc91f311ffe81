using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>
/// POST /v1/changes/{id}/splits — the change is split into children. Each child starts its own stream with a
/// ChangeProposed that points back at the parent, in the same transaction as the parent's ChangeSplit.
/// </summary>
public sealed record SplitChange(string ChangeId, IReadOnlyList<SplitChild> Children, string By, string Reason)
    : ChangeCommand(ChangeId, Starts: [.. Children.Select(c => c.ChangeId).Where(id => id != ChangeId)])
{
    public const int MaxChildren = 50;

    public static readonly WriteKind Spec = WriteKind.Of<SplitChangeRequest>("change_split", "split", Permissions.Decide, Validate,
        (id, _, r) => new SplitChange(id, [.. r.Children!.Select(c => new SplitChild(c.ChangeId!, c.Title!, new Scope(c.Scope?.Includes ?? [], c.Scope?.Excludes ?? []), DiffSizes.Of(c.Size)))],
            r.By!, r.Reason!));

    public override WriteKind Kind => Spec;

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
                .List($"children[{i}].scope.includes", child?.Scope?.Includes).List($"children[{i}].scope.excludes", child?.Scope?.Excludes)
                .Size($"children[{i}].size", child?.Size);
        }
        var ids = r.Children?.Select(c => c?.ChangeId).Where(id => id is not null).ToList() ?? [];
        return v.Rule(ids.Distinct().Count() == ids.Count, "children", "Each child has its own change id.");
    }

    public static Decision Decide(Change? change, SplitChange c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanSplit, "it can no longer be split") is { } refused) return refused;
        if (c.Children.Any(child => child.ChangeId == c.ChangeId))
            return Problem.Invalid(new Dictionary<string, string[]> { ["children"] = ["A change cannot be its own child."] });
        var split = new ChangeSplit(c.ChangeId, c.Children, c.By, c.Reason, c.At(now));
        return Decision.Of(split) with { Starts = [.. ChildrenOf(change!, split)] };
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    /// <summary>The children inherit what makes them the parent's work: repository, owner, commits, origin; each carries its own size.</summary>
    public static IEnumerable<(string ChangeId, object Event)> ChildrenOf(Change parent, ChangeSplit split) =>
        split.Children.Select(c => (c.ChangeId, (object)new ChangeProposed(c.ChangeId, parent.Repository, c.Title, parent.HeadCommit,
            null, parent.Owner, split.By, parent.Origin, c.Scope, [], parent.Id, split.OccurredAt, Size: c.Size)));

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/splits", (string changeId, SplitChangeRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("SplitChange", "Split the change into child changes (ChangeSplit + ChangeProposed per child)", Permissions.Decide);
}
