using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/validations — a check ran against a commit.</summary>
public sealed record RecordValidation(string ChangeId, string Check, string Commit, ValidationOutcome Outcome, string Runner,
    string? Command = null, string? RunUrl = null, long? DurationMs = null, string? LogDigest = null, IReadOnlyList<string>? Criteria = null) : ChangeCommand(ChangeId)
{
    public static readonly WriteKind Spec = WriteKind.Of<RecordValidationRequest>("validation_recorded", "record-validation", Permissions.Propose, Validate,
        (id, _, r) => new RecordValidation(id, r.Check!, r.Commit!, r.Outcome!.Value, r.Runner!, r.Command, r.RunUrl, r.DurationMs, r.LogDigest, r.Criteria));

    public override WriteKind Kind => Spec;

    public static Validation Validate(RecordValidationRequest r) =>
        Validation.ForWrite(r)
            .Required("check", r.Check)
            .Required("commit", r.Commit, Validation.Commit)
            .Required("outcome", r.Outcome)
            .Required("runner", r.Runner)
            .Optional("command", r.Command, Validation.Text)
            .Optional("runUrl", r.RunUrl, Validation.Url)
            .Optional("logDigest", r.LogDigest, 200)
            .Ids("criteria", r.Criteria)
            .Rule(r.DurationMs is null or >= 0, "durationMs", "'durationMs' is not negative.")
            // Hashed as an RFC 8785 number (a double): beyond 2^53 a tampered last digit would go unnoticed.
            .Rule(r.DurationMs is null or <= MaxExactInteger, "durationMs", $"'durationMs' is at most {MaxExactInteger}.");

    public const long MaxExactInteger = 9_007_199_254_740_991;

    public static Decision Decide(Change? change, RecordValidation c, DateTimeOffset now)
    {
        if (Guards.Exists(change, c.ChangeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanRecordValidation, "it accepts no further validations") is { } refused) return refused;
        if (AcceptanceCriteria.Unclaimable(change!, c.Criteria) is { } unknown) return unknown;
        return Decision.Of(new ValidationRecorded(c.ChangeId, c.Check, c.Command, c.Commit, c.Outcome, c.RunUrl, c.DurationMs, c.Runner, c.LogDigest, c.At(now),
            c.Criteria is { Count: > 0 } ? c.Criteria : null));
    }

    public override Decision Decide(DecisionInputs inputs, DateTimeOffset now) => Decide(inputs.Change, this, now);

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/validations", (string changeId, RecordValidationRequest body, ChangeWrites writes, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
                writes.One(Spec, changeId, body, user, ct))
            .Describe("RecordValidation", "Record that a check ran against a commit (ValidationRecorded)", Permissions.Propose);
}
