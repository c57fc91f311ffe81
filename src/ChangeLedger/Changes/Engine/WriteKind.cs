using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>
/// One kind of write, named once: the event type name a batch item or CDEvent uses, the operation name receipts and
/// metrics use, the permission it needs, and how its request body becomes a command. The endpoint, a batch item and
/// a CDEvent all go through <see cref="Parse"/>, so a write means the same however it arrives.
/// </summary>
public sealed class WriteKind(string type, string operation, string permission, RequestRules rules,
    Func<string, string?, IWriteRequest, (ChangeCommand? Command, Problem? Problem)> parse, Reads reads = Reads.Change)
{
    public string Type { get; } = type;
    public string Operation { get; } = operation;
    public string Permission { get; } = permission;
    public RequestRules Rules { get; } = rules;

    /// <summary>What its decisions read beyond the change, loaded by the engine under the change's lock.</summary>
    public Reads Reads { get; } = reads;
    public Type RequestType => Rules.RequestType;

    public static WriteKind Of<TRequest>(string type, string operation, string permission, Func<TRequest, Validation> validate,
        Func<string, string?, TRequest, ChangeCommand> create, Reads reads = Reads.Change) where TRequest : IWriteRequest =>
        new(type, operation, permission, RequestRules.For(validate), (changeId, subject, request) =>
        {
            var body = (TRequest)request;
            if (ChangeId.Check(changeId) is not null) return (null, ChangeId.InvalidProblem(changeId));
            if (validate(body) is { IsValid: false } invalid) return (null, invalid.ToProblem());
            var command = create(changeId, subject, body);
            return (command with { Write = new WriteOptions(body.EventId, body.ExpectedVersion, body.OccurredAt, Receipts.ContentHash(command.Operation, changeId, body)) }, null);
        }, reads);

    /// <summary>The request as sent, for one change (and one subject within it, such as a hold), as a command or the problem with it.</summary>
    public (ChangeCommand? Command, Problem? Problem) Parse(string changeId, string? subject, IWriteRequest request) => parse(changeId, subject, request);
}
