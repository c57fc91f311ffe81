using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>The two questions every decision asks first: does the change exist, and does its status allow this?</summary>
public static class Guards
{
    public static Problem? Exists(Change? change, string changeId) => change is null ? Problem.UnknownChange(changeId) : null;

    public static Problem? Allows(Change change, Func<ChangeStatus, bool> allowed, string action) =>
        allowed(change.Status)
            ? null
            : Problem.Forbidden("transition-not-allowed", "The change's status does not allow this", change.Id, change.Status, action);
}
