using System.Collections.Concurrent;
using ChangeLedger.Access;
using Wolverine;
using Wolverine.Runtime;

namespace ChangeLedger.Changes;

/// <summary>
/// Group commit for one busy change. Writes to one change commit one after another (its row is locked), so when a CI
/// matrix reports to one change at the same moment, each would wait for the others' whole transaction. Instead, the
/// writes that arrive for one change from one key while a transaction for it is running queue here, and the next
/// transaction takes all of them: decided in arrival order, as a batch would be, committed together. Each still gets
/// its own answer, and a refused one appends nothing. Only writes of the same key share a transaction, so every event
/// keeps the recorder (and database user name) of the key that wrote it.
/// </summary>
public sealed class WriteLanes(IWolverineRuntime runtime)
{
    public const int MaxGroup = 100;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private sealed class Lane
    {
        public readonly object Gate = new();
        public readonly List<(ChangeCommand Command, TaskCompletionSource<WriteOutcome> Answer)> Waiting = [];
        public bool Draining;
    }

    private readonly ConcurrentDictionary<(string ChangeId, string RecordedBy), Lane> _lanes = new();

    public Task<WriteOutcome> Record(ChangeCommand command, Caller caller)
    {
        var key = (command.ChangeId, caller.RecordedBy);
        var answer = new TaskCompletionSource<WriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lane = _lanes.GetOrAdd(key, _ => new Lane());
        bool lead;
        lock (lane.Gate)
        {
            lane.Waiting.Add((command, answer));
            lead = !lane.Draining;
            lane.Draining = true;
        }
        if (lead) _ = Task.Run(() => Drain(key, lane, caller));
        return answer.Task;
    }

    private async Task Drain((string, string) key, Lane lane, Caller caller)
    {
        while (true)
        {
            List<(ChangeCommand Command, TaskCompletionSource<WriteOutcome> Answer)> group;
            lock (lane.Gate)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Draining = false;
                    _lanes.TryRemove(new KeyValuePair<(string, string), Lane>(key, lane));
                    return;
                }
                group = lane.Waiting.Take(MaxGroup).ToList();
                lane.Waiting.RemoveRange(0, group.Count);
            }
            try
            {
                var recorded = await new MessageBus(runtime).InvokeAsync<Recorded>(new RecordChanges([.. group.Select(g => g.Command)], caller), CancellationToken.None, Timeout);
                for (var i = 0; i < group.Count; i++) group[i].Answer.SetResult(recorded.Outcomes[i]);
            }
            catch (Exception ex)
            {
                // The transaction committed nothing: each waiting write learns that, as it would have alone.
                foreach (var (_, answer) in group) answer.TrySetException(ex);
            }
        }
    }
}
