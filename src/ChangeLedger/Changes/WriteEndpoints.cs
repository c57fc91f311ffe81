using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;

namespace ChangeLedger.Changes;

/// <summary>The plumbing every write endpoint shares: validate the body, then hand the decision to the writer.</summary>
public static class WriteEndpoints
{
    public static async Task<IResult> Write<TRequest>(
        this LedgerWriter writer,
        ClaimsPrincipal user,
        string changeId,
        string operation,
        TRequest body,
        Func<TRequest, Validation> validate,
        Func<Change?, string, TRequest, DateTimeOffset, Decision> decide,
        CancellationToken ct,
        Func<WriteCommand<Change>, WriteCommand<Change>>? customize = null)
        where TRequest : IWriteRequest =>
        (await writer.Outcome(user, changeId, operation, body, validate, decide, ct, customize)).ToResult();

    /// <summary>The same write as <see cref="Write{TRequest}"/>, answered as data: batch ingestion reports it per item.</summary>
    public static Task<WriteOutcome> Outcome<TRequest>(
        this LedgerWriter writer,
        ClaimsPrincipal user,
        string changeId,
        string operation,
        TRequest body,
        Func<TRequest, Validation> validate,
        Func<Change?, string, TRequest, DateTimeOffset, Decision> decide,
        CancellationToken ct,
        Func<WriteCommand<Change>, WriteCommand<Change>>? customize = null)
        where TRequest : IWriteRequest
    {
        if (ChangeId.Check(changeId) is not null) return Task.FromResult(WriteOutcome.Refused(ChangeId.InvalidProblem(changeId)));
        if (validate(body) is { IsValid: false } invalid) return Task.FromResult(WriteOutcome.Refused(invalid.ToProblem()));
        var command = new WriteCommand<Change>(changeId, operation, body, (change, now) => decide(change, changeId, body, now))
        {
            RecordedBy = user.RecordedBy(),
            Authorize = change => user.InScope(change.Repository) ? null : Problem.UnknownChange(changeId),
        };
        return writer.Run(customize?.Invoke(command) ?? command, ct);
    }

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
