using System.Globalization;
using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Wolverine;

namespace ChangeLedger.Changes;

/// <summary>How the endpoints, batches and CDEvents hand writes to <see cref="RecordChangesHandler"/> through Wolverine.</summary>
public sealed class ChangeWrites(IMessageBus bus, WriteLanes lanes)
{
    // A batch of 500 items on a busy database may take a while; a request's own cancellation still ends it sooner.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public async Task<IReadOnlyList<WriteOutcome>> Record(IReadOnlyList<ChangeCommand> commands, Caller caller, CancellationToken ct)
    {
        // A write that has begun is finished even if its client goes away: it commits whole or not at all either way,
        // and a client that retries with its eventId gets the answer it missed. Cancelling it would only abort a
        // transaction mid-flight (and log it as a failure).
        ct.ThrowIfCancellationRequested();
        // One write queues in its change's lane (group commit with the writes racing it); a batch is already a group.
        IReadOnlyList<WriteOutcome> outcomes = commands.Count == 1
            ? [await lanes.Record(commands[0], caller)]
            : (await bus.InvokeAsync<Recorded>(new RecordChanges(commands, caller), CancellationToken.None, Timeout)).Outcomes;
        for (var i = 0; i < commands.Count; i++)
        {
            var outcome = outcomes[i];
            LedgerMetrics.Write(commands[i].Kind.Operation, outcome.Status);
            foreach (var e in outcome.Events ?? []) LedgerMetrics.Appended(e);
        }
        return outcomes;
    }

    /// <summary>One write from an endpoint: parsed by its kind, recorded, answered.</summary>
    public async Task<IResult> One(WriteKind kind, string changeId, IWriteRequest body, ClaimsPrincipal user, CancellationToken ct, string? subject = null)
    {
        var (command, problem) = kind.Parse(changeId, subject, body);
        if (problem is not null) return Problems.Result(problem);
        return (await Record([command!], Caller.Of(user), ct))[0].ToResult();
    }
}

public static class WriteRoutes
{
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder route, string name, string summary, string policy) =>
        route.RequireAuthorization(policy)
            .WithName(name)
            .WithSummary(summary)
            .Produces<WriteResult>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
