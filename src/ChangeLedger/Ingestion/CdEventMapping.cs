using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Ingestion;

/// <summary>The CloudEvent attributes the mapping reads; the CDEvent itself is the event's data.</summary>
public sealed record CdEventEnvelope(string Source, string Id, string Type, DateTimeOffset? Time, JsonElement? Data);

/// <summary>
/// CDEvents (v0.4) onto ledger writes, as tabled in docs/cdevents.md. Pure: an envelope in, a typed write or a problem
/// out. CDEvents carry no owner, commit or review decision, so what the ledger requires beyond the subject comes from
/// <c>customData</c>, under the same member names as the matching endpoint's request.
/// </summary>
public static partial class CdEventMapping
{
    public const string UnmappableType = "unmappable-cdevent";

    [GeneratedRegex(@"^dev\.cdevents\.(?<subject>[a-z]+)\.(?<predicate>[a-z]+)\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex TypePattern();

    private static readonly JsonSerializerOptions Lenient = new(LedgerJson.Create())
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The subject.predicate a type maps from, or null when the ledger has no mapping for it.</summary>
    public static string? Mapped(string type) =>
        TypePattern().Match(type) is { Success: true } m && Maps($"{m.Groups["subject"].Value}.{m.Groups["predicate"].Value}") is { } key ? key : null;

    private static string? Maps(string key) => key switch
    {
        "change.created" or "change.updated" or "change.reviewed" or "change.abandoned"
            or "testsuiterun.finished" or "testcaserun.finished" or "service.deployed"
            or "changewindow.started" or "changewindow.finished" => key,
        _ => null,
    };

    public static Problem Unmappable(IEnumerable<string> types) =>
        new(422, UnmappableType, "The ledger cannot map this CDEvent type",
            $"No mapping for CloudEvent type(s) {string.Join(", ", types.Distinct().Select(t => $"'{t}'"))}; nothing was recorded. " +
            "Mapped: change.created/updated/reviewed/abandoned, testsuiterun.finished, testcaserun.finished, service.deployed, changewindow.started/finished (see docs/cdevents.md).");

    /// <summary>CloudEvents are unique by source + id; that pair is the write's eventId, hashed when too long to store as one.</summary>
    public static string EventId(string source, string id)
    {
        var key = $"ce:{source} {id}";
        return key.Length <= Validation.Name ? key : "ce:sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{id}")));
    }

    public static (TypedWrite? Write, Problem? Problem) Map(CdEventEnvelope e)
    {
        if (Mapped(e.Type) is not { } kind) return (null, Unmappable([e.Type]));
        if (e.Data is not { ValueKind: JsonValueKind.Object } data || !data.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.Object)
            return (null, Invalid("data", "The CloudEvent's data is a CDEvent: a JSON object with 'context' and 'subject'."));
        var custom = data.TryGetProperty("customData", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var content = subject.TryGetProperty("content", out var ct) && ct.ValueKind == JsonValueKind.Object ? ct : default;
        var eventId = EventId(e.Source, e.Id);
        var at = Time(Text(data, "context", "timestamp")) ?? e.Time;
        var changeId = Text(custom, "changeId") ?? (kind.StartsWith("change.", StringComparison.Ordinal) ? Text(subject, "id") : null);
        if (changeId is null)
            return (null, Invalid("customData.changeId", $"A {kind} event names the ledger change it belongs to in customData.changeId."));

        try
        {
            return (kind switch
            {
                "change.created" => new TypedWrite(ProposeChange.Spec.Type, changeId, new ProposeChangeRequest(changeId,
                    Text(custom, "repository") ?? Repository(content), Text(custom, "title"), Text(custom, "headCommit"), Text(custom, "baseCommit"),
                    Text(custom, "owner"), Text(custom, "submittedBy") ?? Text(custom, "owner"), Read<OriginBody>(custom, "origin"),
                    Read<ScopeBody>(custom, "scope"), Read<List<string>>(custom, "acceptanceCriteria"), eventId, null, at)),
                "change.updated" => new TypedWrite(ReviseChange.Spec.Type, changeId, new ReviseChangeRequest(Text(custom, "headCommit"),
                    Text(custom, "revisedBy"), Text(custom, "summary"), eventId, null, at)),
                "change.reviewed" => new TypedWrite(DecideReview.Spec.Type, changeId, new DecideReviewRequest(Text(custom, "reviewer"),
                    Read<ReviewDecision?>(custom, "decision"), Text(custom, "commit"), Text(custom, "comment"), eventId, null, at)),
                "change.abandoned" => new TypedWrite(WithdrawChange.Spec.Type, changeId, new WithdrawChangeRequest(Text(custom, "by"),
                    Text(custom, "reason"), eventId, null, at)),
                "testsuiterun.finished" or "testcaserun.finished" => new TypedWrite(RecordValidation.Spec.Type, changeId, TestRun(e, kind, subject, content, custom, eventId, at)),
                "service.deployed" => new TypedWrite(Release.ReleaseChange.Spec.Type, changeId, new ReleaseChangeRequest(Text(content, "environment", "id"),
                    Text(custom, "version") ?? Text(content, "artifactId"), Text(custom, "releasedBy") ?? e.Source, null, eventId, null, at)),
                "changewindow.started" => new TypedWrite(PlaceHold.Spec.Type, changeId, new PlaceHoldRequest(Read<HoldKind?>(custom, "kind") ?? HoldKind.Freeze,
                    Text(custom, "reason") ?? $"Change window {Text(subject, "id")} is in force.", Text(custom, "placedBy") ?? e.Source,
                    Text(custom, "holdId") ?? Text(subject, "id"), Time(Text(custom, "expiresAt")), eventId, null, at)),
                _ => new TypedWrite(LiftHold.Spec.Type, changeId, new LiftHoldRequest(Text(custom, "liftedBy") ?? e.Source,
                    Text(custom, "justification") ?? $"Change window {Text(subject, "id")} finished.", eventId, null, at),
                    Text(custom, "holdId") ?? Text(subject, "id")),
            }, null);
        }
        catch (JsonException malformed)
        {
            return (null, Invalid("customData", malformed.Message.Split(" Path:", 2)[0]));
        }
    }

    private static RecordValidationRequest TestRun(CdEventEnvelope e, string kind, JsonElement subject, JsonElement content, JsonElement custom, string eventId, DateTimeOffset? at)
    {
        var test = kind == "testsuiterun.finished" ? "testSuite" : "testCase";
        // v0.4 reports 'outcome'; earlier drafts said 'status'.
        ValidationOutcome? outcome = (Text(content, "outcome") ?? Text(content, "status")) switch
        {
            "pass" or "success" => ValidationOutcome.Passed,
            "fail" or "failure" => ValidationOutcome.Failed,
            "error" => ValidationOutcome.Errored,
            "cancel" or "skip" => ValidationOutcome.Skipped,
            _ => null,
        };
        return new RecordValidationRequest(Text(custom, "check") ?? Text(content, test, "name") ?? Text(content, test, "id") ?? Text(subject, "id"),
            Text(custom, "commit"), outcome, Text(custom, "runner") ?? e.Source, Text(custom, "command"),
            Text(custom, "runUrl") ?? Text(content, test, "uri"), Read<long?>(custom, "durationMs"), Text(custom, "logDigest"), eventId, null, at);
    }

    private static string? Repository(JsonElement content)
    {
        var id = Text(content, "repository", "id");
        var source = Text(content, "repository", "source");
        return id is not null && Uri.TryCreate(source, UriKind.Absolute, out var uri) ? $"{uri.Host}/{id.Trim('/')}" : id;
    }

    private static T? Read<T>(JsonElement obj, string member) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.Deserialize<T>(Lenient) : default;

    private static string? Text(JsonElement obj, params string[] path)
    {
        foreach (var member in path)
            if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(member, out obj)) return null;
        return obj.ValueKind == JsonValueKind.String ? obj.GetString() : null;
    }

    private static DateTimeOffset? Time(string? text) => DateTimeOffset.TryParse(text, out var t) ? t.ToUniversalTime() : null;

    private static Problem Invalid(string field, string message) => Problem.Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
