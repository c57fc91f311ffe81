using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChangeLedger.Ingestion;

/// <summary>
/// What each CDEvents release (0.3.0 to the 0.6 draft) requires of the event types the ledger maps: members, their
/// types, enumerations and formats, as the specification states them, written here as one table. Types the ledger
/// does not map (it ignores them whatever they hold) and the draft's <c>changewindow</c> (no release defines it) are
/// not described.
/// </summary>
public static class CdEventReleases
{
    /// <summary>The spec versions checked, each with the release whose rules it is checked against.</summary>
    public static readonly FrozenDictionary<string, string> ReleaseOf = new Dictionary<string, string>
    {
        ["0.3.0"] = "0.3.0",
        ["0.4.0"] = "0.4.0",
        ["0.4.1"] = "0.4.1",
        // 0.5.0 required a context 'version' its own examples do not carry (they send 'specversion');
        // 0.5.1 is the release that fixed exactly that, with the same event type versions.
        ["0.5.0"] = "0.5.1",
        ["0.5.1"] = "0.5.1",
        ["0.6.0-draft"] = "0.6.0-draft",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string[] Releases = ["0.3.0", "0.4.0", "0.4.1", "0.5.1", "0.6.0-draft"];

    /// <summary>The rules of a CDEvent of this spec version and <c>context.type</c>, or null when no release defines the pair.</summary>
    public static ObjectOf? Event(string specVersion, string type) =>
        ReleaseOf.TryGetValue(specVersion, out var release) && Events.TryGetValue((release, type), out var shape) ? shape : null;

    /// <summary>The type the release of this spec version defines for the same subject and predicate (<c>dev.cdevents.service.deployed.0.2.0</c> for 0.4.1), or null.</summary>
    public static string? TypeIn(string specVersion, string type)
    {
        if (!ReleaseOf.TryGetValue(specVersion, out var release) || CdEventMapping.SubjectAndPredicate(type) is not { } kind) return null;
        return Events.Keys.Where(k => k.Release == release && CdEventMapping.SubjectAndPredicate(k.Type) == kind).Select(k => k.Type).FirstOrDefault();
    }

    /// <summary>Every (release, type) described: what the tests hold against the specification.</summary>
    public static IEnumerable<(string Release, string Type)> Described => Events.Keys;

    private static readonly Text Str = new();
    private static readonly Text Id = new(NonEmpty: true);
    private static readonly Text UriRef = new(NonEmpty: true, Format: TextFormat.UriReference);
    private static readonly Text Absolute = new(Format: TextFormat.Uri);
    private static readonly Text Severity = OneOf("low", "medium", "high", "critical");
    private static readonly Text RunOutcome = OneOf("success", "failure", "cancel", "error");
    private static readonly Text TestCaseType = OneOf("performance", "functional", "unit", "security", "compliance", "integration", "e2e", "other");
    private static readonly Anything Tags = new("an object", JsonValueKind.Object);

    /// <summary>Another resource by id and, optionally, where it lives: an environment, a repository, a service, a run.</summary>
    private static readonly ObjectOf Reference = Of(M("id", Id, true), M("source", UriRef));
    private static readonly ObjectOf Sbom = Of(M("uri", UriRef, true));
    private static readonly Member[] Deployment = [M("environment", Reference, true), M("artifactId", Id, true)];
    private static readonly Member[] Incident = [M("description", Str), M("environment", Reference, true), M("service", Reference), M("artifactId", Id)];

    /// <summary>Tests said pass/fail until 0.5, success/failure since.</summary>
    private static Text Outcome(int release) => release >= 3 ? RunOutcome : OneOf("pass", "fail", "cancel", "error");

    private static ObjectOf Context(int release, bool testRun, string type)
    {
        var members = new List<Member>
        {
            M(release >= 3 ? "specversion" : "version", Id, true), M("id", Id, true),
            // The test run types name their source without a format.
            M("source", testRun ? Id : UriRef, true), M("type", OneOf(type), true), M("timestamp", new Text(Format: TextFormat.DateTime), true),
        };
        if (release >= 1)
            members.AddRange([M("schemaUri", new Text(NonEmpty: true, Format: TextFormat.Uri)), M(release == 1 ? "chain_id" : "chainId", Id), M("links", new ListOf(Link(release)))]);
        return new ObjectOf(members);
    }

    /// <summary>An embedded link: an END, a PATH (from the event before) or a RELATION (to a target).</summary>
    private static Shape Link(int release)
    {
        // 0.4.0's link schemas list link_type, from and target beside 'properties' instead of inside it, so as published
        // they allow no member at all while requiring link_type: no link conforms, an empty list does.
        if (release == 1) return new ObjectOf([], AnyOf: ["link_type"]);
        var draft = release >= 4;
        var from = draft ? new ObjectOf([M("contextId", Id), M("domainId", new Text(Format: TextFormat.UriReference))], Closed: false, AnyOf: ["contextId", "domainId"])
            : new ObjectOf([M("contextId", Id, true)], Closed: false);
        var target = draft ? new ObjectOf([M("contextId", Id), M("domainId", DomainId)], Closed: false, AnyOf: ["contextId", "domainId"])
            : new ObjectOf([M("contextId", Id)], Closed: false);
        return new Tagged("linkType", new Dictionary<string, ObjectOf>
        {
            ["END"] = Of(M("linkType", OneOf("END"), true), M("from", from), M("tags", Tags)),
            ["PATH"] = Of(M("linkType", OneOf("PATH"), true), M("from", from, true), M("tags", Tags)),
            ["RELATION"] = Of(M("linkType", OneOf("RELATION"), true), M("linkKind", Id, true), M("target", target, true), M("tags", Tags)),
        }.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The 0.6 draft's domain id: a resource outside CDEvents, as <c>cdevents:v0:provider:…:type:id</c> (<c>\z</c>: to the very end, as ECMAScript's <c>$</c> means).</summary>
    private static readonly Text DomainId = new(Format: TextFormat.UriReference,
        Pattern: new Regex(@"^cdevents:v0:[^:]*:[^:]*:[^:]*:([^:/]([^:]*[^:/])?)?:[^:]+:.+\z", RegexOptions.Compiled | RegexOptions.CultureInvariant));

    private static FrozenDictionary<(string, string), ObjectOf> Build()
    {
        var events = new Dictionary<(string, string), ObjectOf>();
        foreach (var (kind, subject, versions, content) in Types)
        {
            var testRun = kind.StartsWith("test", StringComparison.Ordinal);
            for (var r = 0; r < Releases.Length; r++)
            {
                var type = $"dev.cdevents.{kind}.{versions[r]}";
                var subjectMembers = new List<Member> { M("id", Id, true), M("source", testRun ? Str : UriRef), M("content", new ObjectOf(content(r)), true) };
                // Before 0.5 an event named its subject's type too.
                if (r < 3) subjectMembers.Add(M("type", new Text(NonEmpty: true, Values: [subject]), true));
                events[(Releases[r], type)] = Of(
                    M("context", Context(r, testRun, type), true), M("subject", new ObjectOf(subjectMembers), true),
                    M("customData", new Anything("an object or a string", JsonValueKind.Object, JsonValueKind.String)), M("customDataContentType", Str));
            }
        }
        return events.ToFrozenDictionary();
    }

    // One row per mapped type: its subject's type name (named in the event before 0.5), its type version in each release
    // in the order of Releases, and its content as a function of the release (index into Releases).
    private static readonly (string Kind, string Subject, string[] Versions, Func<int, Member[]> Content)[] Types =
    [
        ("change.created", "change", ["0.1.2", "0.3.0", "0.3.0", "0.4.0", "0.4.0"],
            r => [.. r >= 1 ? [M("description", Id)] : Array.Empty<Member>(), M("repository", Reference)]),
        ("change.updated", "change", Later("0.1.2"), _ => [M("repository", Reference)]),
        ("change.reviewed", "change", Later("0.1.2"), _ => [M("repository", Reference)]),
        ("change.merged", "change", Later("0.1.2"), _ => [M("repository", Reference)]),
        ("change.abandoned", "change", Later("0.1.2"), _ => [M("repository", Reference)]),
        ("testsuiterun.finished", "testSuiteRun", Later("0.1.0"), r =>
            [M("environment", Reference, true), M("outcome", Outcome(r), true), M("severity", Severity), M("reason", Str),
             M("testSuite", Of(M("id", Id, true), M("version", Str), M("name", Str), M("uri", Absolute)))]),
        ("testcaserun.finished", "testCaseRun", Later("0.1.0"), r =>
            [M("environment", Reference, true), M("outcome", Outcome(r), true), M("severity", Severity), M("reason", Str),
             M("testSuiteRun", Of(M("id", Id, true), M("source", Str))),
             M("testCase", Of(M("id", Id, true), M("version", Str), M("name", Str), M("type", TestCaseType), M("uri", Absolute)))]),
        ("pipelinerun.finished", "pipelineRun", Later("0.1.1"), r =>
            [M("pipelineName", Str), r >= 3 ? M("uri", Absolute) : M("url", Str), M("outcome", r >= 3 ? RunOutcome : Str), M("errors", Str)]),
        // 0.5.1 renamed url to uri; only the 0.6 draft enumerates a task run's outcome.
        ("taskrun.finished", "taskRun", Later("0.1.1"), r =>
            [M("taskName", Str), r >= 3 ? M("uri", Absolute) : M("url", Str), M("pipelineRun", Reference), M("outcome", r >= 4 ? RunOutcome : Str), M("errors", Str)]),
        ("build.finished", "build", Later("0.1.1"), _ => [M("artifactId", Str)]),
        ("artifact.packaged", "artifact", Later("0.1.1"), r => [M("change", Reference, true), .. r >= 1 ? [M("sbom", Sbom)] : Array.Empty<Member>()]),
        ("artifact.published", "artifact", Later("0.1.1"), r => r >= 1 ? [M("sbom", Sbom), M("user", Id)] : []),
        ("artifact.signed", "artifact", Later("0.1.0"), _ => [M("signature", Id, true)]),
        ("service.deployed", "service", Later("0.1.1"), _ => Deployment),
        ("service.upgraded", "service", Later("0.1.1"), _ => Deployment),
        ("service.rolledback", "service", Later("0.1.1"), _ => Deployment),
        ("incident.detected", "incident", Later("0.1.0"), _ => Incident),
        ("incident.resolved", "incident", Later("0.1.0"), _ => Incident),
    ];

    /// <summary>Most types moved to 0.2.0 with 0.4 and to 0.3.0 with 0.5.</summary>
    private static string[] Later(string first) => [first, "0.2.0", "0.2.0", "0.3.0", "0.3.0"];

    // Last: a static field is initialised in the order it is written, and this one reads every piece above.
    private static readonly FrozenDictionary<(string Release, string Type), ObjectOf> Events = Build();

    private static Member M(string name, Shape shape, bool required = false) => new(name, shape, required);

    private static ObjectOf Of(params Member[] members) => new(members);

    private static Text OneOf(params string[] values) => new(Values: values);
}
