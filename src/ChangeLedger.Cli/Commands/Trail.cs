using System.CommandLine;
using System.Text.Json;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>changeledger trail — every event of a change, in order, with both clocks and what each one says.</summary>
public static class Trail
{
    public static Command Create(Common common)
    {
        var change = Common.Change();
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "The trail as the ledger knew it at that moment" };

        var command = new Command("trail", "Print a change's audit trail") { change, asOf };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var query = parse.GetValue(asOf) is { } at ? $"?asOf={Uri.EscapeDataString(at.ToString("O"))}" : "";
            var answer = await client.Get(Common.Path(parse.GetValue(change)!, "/trail" + query), ct);
            if (json || !answer.IsSuccess) return await common.Report(answer, json, () => "");
            foreach (var e in answer.Read<AuditTrail>().Events)
                await common.Host.Out.WriteLineAsync(
                    $"v{e.Version} {e.OccurredAt:yyyy-MM-ddTHH:mm:ssZ} {e.Type} by {e.Actor}: {Describe(e.Type, e.Data)} (recorded {e.RecordedAt:yyyy-MM-ddTHH:mm:ssZ})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>What the event says, in the words a reviewer looks for: which check and its outcome, which rule failed and why.</summary>
    public static string Describe(string type, JsonElement data)
    {
        string S(string name) => data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? "" : v.ToString()
            : "";
        string Quoted(string name) => S(name) is { Length: > 0 } text ? $": \"{text}\"" : "";
        return type switch
        {
            "change_proposed" => $"\"{S("title")}\" in {S("repository")} at {S("headCommit")}, owner {S("owner")}, {Origin(data)}",
            "change_revised" => $"head {S("previousHeadCommit")} -> {S("headCommit")}{Quoted("summary")}",
            "ownership_transferred" => $"owner {S("from")} -> {S("to")}{Quoted("reason")}",
            "validation_recorded" => $"{S("check")} {S("outcome")} on {S("commit")}" + (S("durationMs") is { Length: > 0 } ms ? $" in {ms} ms" : "") +
                                     (S("runUrl") is { Length: > 0 } url ? $" ({url})" : "") + Claims(data),
            "review_decided" => $"{S("decision")} on {S("commit")}{Quoted("comment")}" + Claims(data),
            "change_split" => $"split into {string.Join(", ", Children(data))}{Quoted("reason")}",
            "hold_placed" => $"hold {S("holdId")} ({S("kind")}){Quoted("reason")}" + (S("expiresAt") is { Length: > 0 } until ? $", until {until}" : ""),
            "hold_lifted" => $"hold {S("holdId")} lifted{Quoted("justification")}",
            "release_verdict_recorded" => Verdict(data),
            "change_released" => $"released {S("version")} to {S("environment")}" + Override(data),
            "change_withdrawn" => $"withdrawn{Quoted("reason")}",
            "change_merged" => "merged" + (S("commit") is { Length: > 0 } merged ? $" as {merged}" : ""),
            "attestation_recorded" => Attestation(data) + Claims(data),
            "acceptance_criteria_revised" => Criteria(data),
            "incident_detected" => $"incident {S("incidentId")} in {S("environment")}{Quoted("description")}",
            "incident_resolved" => $"incident {S("incidentId")} resolved{Quoted("description")}",
            _ => Members(data),
        };
    }

    /// <summary>", proves AC-1, AC-2" when the evidence names acceptance criteria.</summary>
    private static string Claims(JsonElement data) =>
        data.TryGetProperty("criteria", out var ids) && ids.ValueKind == JsonValueKind.Array ? ", proves " + string.Join(", ", ids.EnumerateArray().Select(i => i.GetString())) : "";

    private static string Criteria(JsonElement data)
    {
        IEnumerable<string> Items(string member, Func<JsonElement, string> say) =>
            data.TryGetProperty(member, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(say) : [];
        return "criteria " + string.Join("; ", Items("added", c => $"added {c.GetProperty("id").GetString()} \"{c.GetProperty("text").GetString()}\"")
            .Concat(Items("reworded", c => $"reworded {c.GetProperty("id").GetString()} \"{c.GetProperty("text").GetString()}\""))
            .Concat(Items("dropped", c => $"dropped {c.GetString()}")));
    }

    /// <summary>An attestation as `attest` printed it when it was recorded: its kind and name, what the report says, what it binds to.</summary>
    private static string Attestation(JsonElement data)
    {
        string S(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ToString()
            : "";
        string Of(string member, Func<JsonElement, string> say) =>
            data.TryGetProperty(member, out var summary) && summary.ValueKind == JsonValueKind.Object ? say(summary) : "";
        var says = string.Concat(
            Of("testReport", t => $"{S(t, "tests")} tests, {S(t, "failures")} failures, {S(t, "errors")} errors, {S(t, "skipped")} skipped"),
            Of("staticAnalysis", a => $"{S(a, "tool")}: {S(a, "errors")} errors, {S(a, "warnings")} warnings, {S(a, "notes")} notes"),
            Of("securityScan", a => $"{S(a, "tool")}: {S(a, "critical")} critical, {S(a, "high")} high, {S(a, "medium")} medium, {S(a, "low")} low"),
            Of("sbom", b => $"{S(b, "format")} {S(b, "specVersion")}, {S(b, "components")} components" + (S(b, "subject") is { Length: > 0 } x ? $" of {x}" : "")),
            Of("coverage", c => $"{S(c, "percent")}% of lines"),
            Of("custom", c => Members(c)),
            Of("validationFirst", v => $"{S(Run(v, "base"), "outcome")} on base {S(Run(v, "base"), "commit")}, {S(Run(v, "head"), "outcome")} on head, " +
                $"{(v.TryGetProperty("testFiles", out var files) && files.ValueKind == JsonValueKind.Array ? files.GetArrayLength() : 0)} test file(s)"));
        static JsonElement Run(JsonElement proof, string which) => proof.TryGetProperty(which, out var run) ? run : default;
        var name = S(data, "name") is { Length: > 0 } n ? " " + n : "";
        var on = string.Join(" and ", new[] { S(data, "commit"), S(data, "artifactDigest") }.Where(x => x.Length > 0));
        return $"attested {S(data, "kind")}{name}" + (says.Length > 0 ? $" ({says})" : "") + (on.Length > 0 ? $" on {on}" : "") +
               $", digest {S(data, "contentDigest")}" + (S(data, "signedBy") is { Length: > 0 } signer ? $", signed by {signer}" : "") +
               (S(data, "url") is { Length: > 0 } url ? $" ({url})" : "");
    }

    /// <summary>An event this version does not know yet, still readable: its scalar members as name=value.</summary>
    private static string Members(JsonElement data) =>
        data.ValueKind != JsonValueKind.Object ? data.ToString()
            : string.Join(", ", data.EnumerateObject()
                .Where(m => m.Name != "changeId" && m.Name != "occurredAt" && m.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
                .Select(m => $"{m.Name}={(m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString() : m.Value.ToString())}"));

    private static string Origin(JsonElement data) =>
        data.TryGetProperty("origin", out var origin) && origin.TryGetProperty("kind", out var kind) && kind.GetString() == "generated"
            ? $"generated by {(origin.TryGetProperty("tool", out var tool) ? tool.GetString() : "?")}"
            : "written by a person";

    private static IEnumerable<string> Children(JsonElement data) =>
        data.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array
            ? children.EnumerateArray().Select(c => c.TryGetProperty("changeId", out var id) ? id.GetString() ?? "?" : "?")
            : [];

    private static string Override(JsonElement data) =>
        data.TryGetProperty("override", out var o) && o.ValueKind == JsonValueKind.Object
            ? $", OVERRIDE by {o.GetProperty("by").GetString()}: \"{o.GetProperty("justification").GetString()}\""
            : "";

    private static string Verdict(JsonElement data)
    {
        if (!data.TryGetProperty("verdict", out var verdict)) return data.ToString();
        var environment = verdict.GetProperty("environment").GetString();
        if (verdict.GetProperty("ready").GetBoolean()) return $"verdict for {environment}: READY";
        var failed = verdict.GetProperty("rules").EnumerateArray().Where(r => !r.GetProperty("passed").GetBoolean())
            .Select(r => $"{r.GetProperty("rule").GetString()} ({r.GetProperty("detail").GetString()})");
        return $"verdict for {environment}: NOT READY, failed {string.Join("; ", failed)}";
    }
}
