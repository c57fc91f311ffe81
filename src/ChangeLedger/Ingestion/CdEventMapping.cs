using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;

namespace ChangeLedger.Ingestion;

/// <summary>The CloudEvent attributes the mapping reads; the CDEvent itself is the event's data.</summary>
public sealed record CdEventEnvelope(string Source, string Id, string Type, DateTimeOffset? Time, JsonElement? Data);

/// <summary>Why a CDEvent was answered 202 and not stored: a stable code (the metric's label) and a sentence.</summary>
public sealed record Ignored(string Code, string Detail)
{
    public const string UnusedType = "unused-type";
    public const string Uncorrelated = "uncorrelated";
    public const string NothingToRecord = "nothing-to-record";
    public const string Foreign = "foreign-model";

    /// <summary>What a 202 answers: <c>{"ignored": code, "detail": sentence}</c>.</summary>
    public Dictionary<string, string> Body() => new() { ["ignored"] = Code, ["detail"] = Detail };

    /// <summary>In strict mode (<c>CdEvents:Strict</c>) an event the ledger would ignore is refused instead.</summary>
    public Problem Refusal() => new(422, Code is UnusedType or Foreign ? CdEventMapping.UnmappableType : CdEventMapping.UncorrelatedType,
        "The ledger does not record this CDEvent", Detail + " (strict mode refuses what it would otherwise ignore).");
}

/// <summary>The change a CDEvent belongs to, the correlation rule that found it, and what the mapping fills in from it.</summary>
public sealed record CdEventTarget(string ChangeId, string Rule, string? HeadCommit);

/// <summary>
/// CDEvents (spec 0.3 to the 0.6 draft) onto ledger writes, as tabled in docs/cdevents.md. Pure: an event and the change
/// it was correlated to in, a typed write, a problem or a reason to ignore it out. What a CDEvent cannot carry (an
/// owner, a review decision) may come from <c>customData</c>, under the same member names as the endpoint's request.
/// </summary>
public static partial class CdEventMapping
{
    public const string UncorrelatedType = "uncorrelated-cdevent";
    public const string UnmappableType = "unmappable-cdevent";

    /// <summary>Proposed by a CDEvent that names no owner: owned by nobody until the first hand-over.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>The head of a change whose CDEvents name no commit (change.created carries none).</summary>
    public const string UnknownCommit = "unknown";

    [GeneratedRegex(@"^dev\.cdevents\.(?<subject>[a-z]+)\.(?<predicate>[a-z]+)\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"sha256(:|%3A|%3a)(?<hex>[0-9a-fA-F]{64})")]
    private static partial Regex Sha256();

    private static readonly JsonSerializerOptions Lenient = new(LedgerJson.Create())
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>subject.predicate of a CDEvents type, or null when it is not one.</summary>
    public static string? SubjectAndPredicate(string type) =>
        TypePattern().Match(type) is { Success: true } m ? $"{m.Groups["subject"].Value}.{m.Groups["predicate"].Value}" : null;

    /// <summary>The subject.predicate a type maps from, or null when the ledger has no use for it.</summary>
    public static string? Mapped(string type) => SubjectAndPredicate(type) is { } key && Maps(key) ? key : null;

    private static bool Maps(string key) => key is
        "change.created" or "change.updated" or "change.reviewed" or "change.merged" or "change.abandoned"
        or "testsuiterun.finished" or "testcaserun.finished" or "pipelinerun.finished" or "taskrun.finished" or "build.finished"
        or "artifact.packaged" or "artifact.published" or "artifact.signed"
        or "service.deployed" or "service.upgraded" or "service.rolledback"
        or "changewindow.started" or "changewindow.finished" or "incident.detected" or "incident.resolved";

    public static Ignored Unused(string type) =>
        new(Ignored.UnusedType, $"The ledger has no use for CloudEvent type '{type}'; nothing was recorded (see docs/cdevents.md for the types it maps).");

    /// <summary>CloudEvents are unique by source + id; that pair is the write's eventId, hashed when too long to store as one.</summary>
    public static string EventId(string source, string id)
    {
        var key = $"ce:{source} {id}";
        return key.Length <= Validation.Name ? key : "ce:sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{id}")));
    }

    /// <summary>The CDEvent in a CloudEvent of a mapped type, or the problem with its data.</summary>
    public static (CdEvent? Event, Problem? Problem) Read(CdEventEnvelope e, string kind)
    {
        if (e.Data is not { ValueKind: JsonValueKind.Object } data || !data.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.Object)
            return (null, Invalid("data", "The CloudEvent's data is a CDEvent: a JSON object with 'context' and 'subject'."));
        return (new CdEvent(e, kind, data, Member(data, "context"), subject, Member(subject, "content"), Member(data, "customData")), null);
    }

    /// <summary>The write a correlated CDEvent records, or the problem with it, or why there is nothing to record.</summary>
    public static (TypedWrite? Write, Problem? Problem, Ignored? Ignored) Map(CdEvent e, CdEventTarget target, IReadOnlyList<ClusterEnvironment>? clusters = null)
    {
        var (custom, content, subject) = (e.Custom, e.Content, e.Subject);
        var eventId = EventId(e.Envelope.Source, e.Envelope.Id);
        var at = Time(Text(e.Context, "timestamp")) ?? e.Envelope.Time;
        var source = e.Envelope.Source;
        var id = target.ChangeId;
        var correlation = new Correlation(target.Rule, e.Keys(target)) { Nonconforming = e.Nonconforming };
        ChangeCommand Correlated(ChangeCommand c) => c with { Correlation = correlation };
        TypedWrite Write(string type, IWriteRequest request, string? holdId = null, Func<ChangeCommand, ChangeCommand>? then = null) =>
            new(type, id, request, holdId, c => Correlated(then is null ? c : then(c)));

        try
        {
            switch (e.Kind)
            {
                case "change.created":
                    return (Write(ProposeChange.Spec.Type, new ProposeChangeRequest(id, Text(custom, "repository") ?? e.Repository,
                        Text(custom, "title") ?? Text(content, "description") ?? Text(subject, "id"), Text(custom, "headCommit") ?? UnknownCommit,
                        Text(custom, "baseCommit"), Text(custom, "owner") ?? Unassigned, Text(custom, "submittedBy") ?? Text(custom, "owner") ?? source,
                        Read<OriginBody>(custom, "origin") ?? new OriginBody(OriginKind.Human),
                        Read<ScopeBody>(custom, "scope"), Read<List<string>>(custom, "acceptanceCriteria"), eventId, null, at)), null, null);
                case "change.updated":
                    return Text(custom, "headCommit") is { } head
                        ? (Write(ReviseChange.Spec.Type, new ReviseChangeRequest(head, Text(custom, "revisedBy") ?? source, Text(custom, "summary"), eventId, null, at)), null, null)
                        : (null, null, new Ignored(Ignored.NothingToRecord, "A change.updated without customData.headCommit names no new head; nothing was recorded."));
                case "change.reviewed":
                    return custom.ValueKind == JsonValueKind.Object && custom.TryGetProperty("decision", out _)
                        ? (Write(DecideReview.Spec.Type, new DecideReviewRequest(Text(custom, "reviewer"), Read<ReviewDecision?>(custom, "decision"),
                            Text(custom, "commit") ?? target.HeadCommit, Text(custom, "comment"), eventId, null, at)), null, null)
                        : (null, null, new Ignored(Ignored.NothingToRecord, "A change.reviewed without customData.decision says nothing the gate can count; nothing was recorded."));
                case "change.merged":
                    return (Write(MergeChange.Spec.Type, new MergeChangeRequest(Text(custom, "mergedBy") ?? source, Text(custom, "commit"), eventId, null, at)), null, null);
                case "change.abandoned":
                    return (Write(WithdrawChange.Spec.Type, new WithdrawChangeRequest(Text(custom, "by") ?? source,
                        Text(custom, "reason") ?? $"Abandoned, as {source} reported.", eventId, null, at)), null, null);
                case "testsuiterun.finished" or "testcaserun.finished" or "pipelinerun.finished" or "taskrun.finished" or "build.finished":
                    return (Write(RecordValidation.Spec.Type, Run(e, target, eventId, at)), null, null);
                case "artifact.packaged" or "artifact.published" or "artifact.signed":
                    return (Write(RecordAttestation.Spec.Type, ArtifactEvidence(e, target, eventId, at)), null, null);
                case "service.deployed" or "service.upgraded" or "service.rolledback":
                    var rollBack = e.Kind == "service.rolledback";
                    var artifactId = e.ArtifactId;
                    var digest = Digest(artifactId);
                    return (Write(Release.ReleaseChange.Spec.Type, new ReleaseChangeRequest(ProducerIds.ClusterEnvironment(Text(content, "environment", "id"), e.Namespace, clusters ?? []),
                        Text(custom, "version") ?? artifactId ?? Text(subject, "id"), Text(custom, "releasedBy") ?? source, null, eventId, null, at,
                        digest is null ? null : [new ArtifactBody(artifactId, digest)]),
                        then: c => ((Release.ReleaseChange)c) with { AlreadyDeployed = new Release.ReleaseChange.Reported(rollBack) }), null, null);
                case "incident.detected":
                    return (Write(Release.DetectIncident.Spec.Type, new DetectIncidentRequest(Text(subject, "id"), Text(content, "environment", "id"),
                        Text(content, "service", "id"), Text(content, "description"), Text(custom, "reportedBy") ?? source, eventId, null, at)), null, null);
                case "incident.resolved":
                    return (Write(Release.ResolveIncident.Spec.Type, new ResolveIncidentRequest(Text(subject, "id"), Text(custom, "resolvedBy") ?? source,
                        Text(content, "description"), eventId, null, at)), null, null);
                case "changewindow.started":
                    return (Write(PlaceHold.Spec.Type, new PlaceHoldRequest(Read<HoldKind?>(custom, "kind") ?? HoldKind.Freeze,
                        Text(custom, "reason") ?? $"Change window {Text(subject, "id")} is in force.", Text(custom, "placedBy") ?? source,
                        Text(custom, "holdId") ?? Text(subject, "id"), Time(Text(custom, "expiresAt")), eventId, null, at)), null, null);
                default:
                    return (Write(LiftHold.Spec.Type, new LiftHoldRequest(Text(custom, "liftedBy") ?? source,
                        Text(custom, "justification") ?? $"Change window {Text(subject, "id")} finished.", eventId, null, at),
                        Text(custom, "holdId") ?? Text(subject, "id")), null, null);
            }
        }
        catch (JsonException malformed)
        {
            return (null, Invalid("customData", malformed.Message.Split(" Path:", 2)[0]), null);
        }
    }

    /// <summary>A finished run as a validation of the change's head (a CDEvent names no commit); its check is what ran.</summary>
    private static RecordValidationRequest Run(CdEvent e, CdEventTarget target, string eventId, DateTimeOffset? at)
    {
        var (custom, content, subject) = (e.Custom, e.Content, e.Subject);
        var (check, url) = e.Kind switch
        {
            "testsuiterun.finished" => (Text(content, "testSuite", "name") ?? Text(content, "testSuite", "id"), Text(content, "testSuite", "uri") ?? Text(content, "testSuite", "url")),
            "testcaserun.finished" => (Text(content, "testCase", "name") ?? Text(content, "testCase", "id"), Text(content, "testCase", "uri") ?? Text(content, "testCase", "url")),
            "pipelinerun.finished" => (Text(content, "pipelineName"), Text(content, "uri") ?? Text(content, "url")),
            "taskrun.finished" => (Text(content, "taskName"), Text(content, "uri") ?? Text(content, "url")),
            _ => ("build", null),
        };
        // Spec 0.4 and later say 'outcome' (pass/fail/error/cancel for tests, success/failure/error for runs); earlier drafts said 'status'.
        // A build.finished reports no outcome: the build produced its artifact.
        // Producers spell the enumeration's values in other cases (Flux: 'Failure'); the meaning is the same, the event is flagged nonconforming.
        ValidationOutcome? outcome = (Text(content, "outcome") ?? Text(content, "status") ?? (e.Kind == "build.finished" ? "success" : null))?.ToLowerInvariant() switch
        {
            "pass" or "success" or "succeeded" => ValidationOutcome.Passed,
            "fail" or "failure" or "failed" => ValidationOutcome.Failed,
            "error" => ValidationOutcome.Errored,
            "cancel" or "canceled" or "cancelled" or "skip" or "skipped" => ValidationOutcome.Skipped,
            _ => null,
        };
        return new RecordValidationRequest(Text(custom, "check") ?? check ?? Text(subject, "id"), Text(custom, "commit") ?? target.HeadCommit, outcome,
            Text(custom, "runner") ?? e.Envelope.Source, Text(custom, "command"), Text(custom, "runUrl") ?? url, Read<long?>(custom, "durationMs"),
            Text(custom, "logDigest"), eventId, null, at);
    }

    /// <summary>An artifact event as a custom attestation on the change's head: what the CDEvent said, sealed by the digest of the CDEvent itself.</summary>
    private static RecordAttestationRequest ArtifactEvidence(CdEvent e, CdEventTarget target, string eventId, DateTimeOffset? at)
    {
        var content = e.Content;
        var summary = new Dictionary<string, string?>
        {
            ["artifactId"] = e.ArtifactId,
            ["sbomUri"] = Text(content, "sbom", "uri"),
            ["signature"] = Text(content, "signature"),
            ["user"] = Text(content, "user"),
            ["source"] = e.Envelope.Source,
        }.Where(kv => kv.Value is not null).ToDictionary();
        var contentDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.Data.GetRawText())));
        return new RecordAttestationRequest(AttestationType.Custom, contentDigest, Text(e.Custom, "attestedBy") ?? Text(content, "user") ?? e.Envelope.Source,
            Text(e.Custom, "commit") ?? target.HeadCommit, Digest(e.ArtifactId), "cdevents." + e.Kind, null, Custom: JsonSerializer.SerializeToElement(summary),
            EventId: eventId, OccurredAt: at);
    }

    /// <summary>The sha256 digest a purl or OCI reference names (pkg:oci/app@sha256%3A…), as the ledger spells digests.</summary>
    public static string? Digest(string? artifactId) =>
        artifactId is not null && Sha256().Match(artifactId) is { Success: true } m ? "sha256:" + m.Groups["hex"].Value.ToLowerInvariant() : null;

    /// <summary>The subject's repository in the ledger's form: a forge's API or web URL as <c>github.com/org/repo</c>, else <c>&lt;host of source&gt;/&lt;id&gt;</c>, else the id as given.</summary>
    public static string? Repository(JsonElement content)
    {
        var id = Text(content, "repository", "id");
        var source = Text(content, "repository", "source");
        if (id is null) return null;
        if (ProducerIds.Repository(id) is var normal && normal != id) return normal;
        return Uri.TryCreate(source, UriKind.Absolute, out var uri) && !Uri.TryCreate(id, UriKind.Absolute, out _) ? $"{uri.Host}/{id.Trim('/')}" : id;
    }

    private static T? Read<T>(JsonElement obj, string member) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.Deserialize<T>(Lenient) : default;

    private static JsonElement Member(JsonElement obj, string member) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    public static string? Text(JsonElement obj, params string[] path)
    {
        foreach (var member in path)
            if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(member, out obj)) return null;
        return obj.ValueKind == JsonValueKind.String ? obj.GetString() : null;
    }

    private static DateTimeOffset? Time(string? text) => DateTimeOffset.TryParse(text, out var t) ? t.ToUniversalTime() : null;

    private static Problem Invalid(string field, string message) => Problem.Invalid(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>What the ledger reads of one CDEvent: the members the correlation rules and the mapping use.</summary>
public sealed record CdEvent(CdEventEnvelope Envelope, string Kind, JsonElement Data, JsonElement Context, JsonElement Subject, JsonElement Content, JsonElement Custom)
{
    /// <summary>The members that break the event's version's rules without changing its meaning (<see cref="CdEventConformance.Assess"/>).</summary>
    public IReadOnlyList<string> Nonconforming { get; init; } = [];

    /// <summary>The chain: <c>chainId</c>, spelt <c>chain_id</c> in 0.4.0.</summary>
    public string? ChainId => CdEventMapping.Text(Context, "chainId") ?? CdEventMapping.Text(Context, "chain_id");

    /// <summary>The event's own id; where it sends none (<c>"0"</c>, empty), the id the envelope was given (<see cref="ProducerIds.ContentId"/>).</summary>
    public string ContextId => CdEventMapping.Text(Context, "id") is { } id && !ProducerIds.IsPlaceholder(id) ? id : Envelope.Id;

    public string? SubjectId => CdEventMapping.Text(Subject, "id");

    public string? Repository => CdEventMapping.Repository(Content);

    /// <summary>The artifact a service or build event names, or the artifact an artifact event is about (its subject).</summary>
    public string? ArtifactId => CdEventMapping.Text(Content, "artifactId") ?? (Kind.StartsWith("artifact.", StringComparison.Ordinal) ? SubjectId : null);

    public string? CustomChangeId => CdEventMapping.Text(Custom, "changeId");

    /// <summary>The change a change.created of this subject starts (<see cref="ProducerIds.ChangeIdOf"/>).</summary>
    public string? StartedChangeId => SubjectId is { } id ? ProducerIds.ChangeIdOf(id, Repository) : null;

    /// <summary>
    /// The commit a run, artifact or deployment names, and the repository when it says which: a <c>revision</c>,
    /// <c>commit</c> or <c>sha</c> of its subject (or the subject's content), the version of a forge purl
    /// (<c>pkg:github/org/repo@sha</c>), or what the producers above put in <c>customData</c> (Argo CD's
    /// <c>argocd.operation.revision</c>, Flux's <c>metadata.revision</c>, <c>commitSha</c>, <c>commit</c>, <c>revision</c>, <c>sha</c>).
    /// Change and incident events are found otherwise; anything that is not 7 to 64 hex digits is no commit.
    /// </summary>
    public (string Commit, string? Repository)? NamedCommit
    {
        get
        {
            if (Kind.StartsWith("change.", StringComparison.Ordinal) || Kind.StartsWith("incident.", StringComparison.Ordinal)) return null;
            if (ProducerIds.PurlCommit(ArtifactId) is var (purlRepository, purlCommit)) return (purlCommit, purlRepository);
            string[][] paths =
            [
                ["revision"], ["commit"], ["sha"], ["argocd", "operation", "revision"], ["argocd", "sync", "revision"], ["metadata", "revision"], ["commitSha"],
            ];
            var commit = new[] { Content, Subject }.SelectMany(o => paths[..3].Select(p => CdEventMapping.Text(o, p)))
                .Concat(paths.Select(p => CdEventMapping.Text(Custom, p))).Select(ProducerIds.Commit).FirstOrDefault(c => c is not null);
            if (commit is null) return null;
            var named = CdEventMapping.Text(Custom, "repository") ?? CdEventMapping.Text(Custom, "github", "repository", "url");
            return (commit, Repository ?? (named is null ? null : ProducerIds.Repository(named)));
        }
    }

    /// <summary>The namespace a deployment to a cluster went to, as Argo CD and Flux report it.</summary>
    public string? Namespace => CdEventMapping.Text(Custom, "argocd", "destination", "namespace") ?? CdEventMapping.Text(Custom, "metadata", "namespace");

    /// <summary>The context ids of the events this one links to (spec 0.5 links: a relation's target, a path's from).</summary>
    public IEnumerable<string> LinkedContextIds =>
        Context.ValueKind == JsonValueKind.Object && Context.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array
            ? links.EnumerateArray().SelectMany(l => new[] { CdEventMapping.Text(l, "target", "contextId"), CdEventMapping.Text(l, "from", "contextId") })
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The change subject's key: the same pull request in the same repository is the same change.</summary>
    public string? SubjectKey => Kind.StartsWith("change.", StringComparison.Ordinal) && SubjectId is { } id && Repository is { } repository
        ? $"subject:{repository}#{id}" : null;

    public string? ArtifactKey => ArtifactId is { } artifact ? $"artifact:{artifact}" : null;

    /// <summary>An incident's resolution belongs where its detection was recorded.</summary>
    public string? IncidentKey => Kind.StartsWith("incident.", StringComparison.Ordinal) && SubjectId is { } id ? $"incident:{Envelope.Source} {id}" : null;

    /// <summary>The keys later CDEvents may find this change by once this one is recorded.</summary>
    public IReadOnlyList<string> Keys(CdEventTarget target) =>
        [.. new[] { ChainId is { } chain && target.Rule != CdEventCorrelation.Chain ? $"chain:{chain}" : null, $"context:{ContextId}", SubjectKey, IncidentKey, ArtifactKey }.OfType<string>()];
}
