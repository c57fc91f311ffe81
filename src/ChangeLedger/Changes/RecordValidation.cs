using System.Security.Claims;
using ChangeLedger.Access;
using ChangeLedger.Contracts;

namespace ChangeLedger.Changes;

/// <summary>POST /v1/changes/{id}/validations — a check ran against a commit.</summary>
public static class RecordValidation
{
    public static Validation Validate(RecordValidationRequest r) =>
        Validation.ForWrite(r)
            .Required("check", r.Check)
            .Required("commit", r.Commit, Validation.Commit)
            .Required("outcome", r.Outcome)
            .Required("runner", r.Runner)
            .Optional("command", r.Command, Validation.Text)
            .Optional("runUrl", r.RunUrl, Validation.Url)
            .Optional("logDigest", r.LogDigest, 200)
            .Rule(r.DurationMs is null or >= 0, "durationMs", "'durationMs' is not negative.");

    public static Decision Decide(Change? change, string changeId, RecordValidationRequest r, DateTimeOffset now)
    {
        if (Guards.Exists(change, changeId) is { } missing) return missing;
        if (Guards.Allows(change!, ChangeStateMachine.CanRecordValidation, "it accepts no further validations") is { } refused) return refused;
        return Decision.Of(new ValidationRecorded(changeId, r.Check!, r.Command, r.Commit!, r.Outcome!.Value, r.RunUrl, r.DurationMs,
            r.Runner!, r.LogDigest, r.OccurredAt ?? now));
    }

    public static void Map(RouteGroupBuilder changes) =>
        changes.MapPost("/{changeId}/validations", (string changeId, RecordValidationRequest body, LedgerWriter writer, ClaimsPrincipal user, CancellationToken ct) =>
                writer.Write(user, changeId, "record-validation", body, Validate, Decide, ct))
            .Describe("RecordValidation", "Record that a check ran against a commit (ValidationRecorded)", Permissions.Propose);
}
