namespace ChangeLedger.Tests.Support;

/// <summary>
/// For work that runs after the answer, on the service's own threads (Wolverine's outbox, the witnesses): poll,
/// bounded, and say whether it happened, without asserting how long it took.
/// </summary>
public static class Poll
{
    public static Task<bool> Until(Func<bool> condition, int seconds = 30) => Until(() => Task.FromResult(condition()), seconds);

    public static async Task<bool> Until(Func<Task<bool>> condition, int seconds = 30)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return await condition();
    }
}
