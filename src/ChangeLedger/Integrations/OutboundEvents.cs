using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Changes;
using ChangeLedger.Release;
using JasperFx.Events;

namespace ChangeLedger.Integrations;

/// <summary>One CloudEvent as it leaves the ledger: its id, type, the change it is about, and its JSON (structured mode).</summary>
public sealed record OutboundEvent(string Id, string Type, string ChangeId, string Repository, string Json);

/// <summary>
/// What the ledger tells the tools teams already run, as CloudEvents 1.0 in structured mode. Where a CDEvents type fits,
/// the data is that CDEvent (spec 0.5.1; the hold types are the changewindow draft's), mirroring what <c>POST /v1/cdevents</c> maps inbound (docs/cdevents.md), so
/// the same ledger could read its own events back; where none fits, a type of the ledger's own with plain data. The
/// CloudEvent id is <c>&lt;change id&gt;/&lt;event version&gt;</c>: one ledger event, one CloudEvent, the same id on every
/// retry and replay. A pure function of committed events: no clock, no reads.
/// </summary>
public static class OutboundEvents
{
    public const string Released = "dev.cdevents.service.deployed.0.3.0";
    public const string Reviewed = "dev.cdevents.change.reviewed.0.3.0";
    public const string HoldPlaced = "dev.cdevents.changewindow.started.0.1.0-draft";
    public const string HoldLifted = "dev.cdevents.changewindow.finished.0.1.0-draft";
    public const string ReleaseRefused = "dev.changeledger.release.refused.v1";
    public const string ReleaseOverridden = "dev.changeledger.release.overridden.v1";

    /// <summary>The CDEvents release the outbound CDEvents conform to (checked against its schemas in the tests).</summary>
    public const string SpecVersion = "0.5.1";

    public static readonly IReadOnlyList<string> Types = [HoldPlaced, HoldLifted, ReleaseRefused, ReleaseOverridden, Released, Reviewed];

    /// <summary>The ledger events that can become CloudEvents: what the write path names to the outbox, when a subscriber listens.</summary>
    public static readonly IReadOnlySet<Type> Announced = new HashSet<Type>
    {
        typeof(Changes.HoldPlaced), typeof(Changes.HoldLifted), typeof(ChangeReleased), typeof(ReleaseVerdictRecorded), typeof(ReviewDecided),
    };

    private static readonly JsonSerializerOptions Json = LedgerJson.Create();

    /// <summary>
    /// The CloudEvents of events committed together. A verdict that did not pass is a refusal, unless a release on it
    /// follows among <paramref name="events"/> (same transaction): then it is an override, and the release a deployment.
    /// A verdict that passed says nothing the release does not.
    /// </summary>
    public static IEnumerable<OutboundEvent> For(IReadOnlyList<IEvent> events, Func<string, string?> repositoryOf, string origin)
    {
        foreach (var e in events)
        {
            if (e.Data is not IChangeEvent change || repositoryOf(change.ChangeId) is not { } repository) continue;
            var released = e.Data is ReleaseVerdictRecorded
                ? events.Select(x => x.Data).OfType<ChangeReleased>().FirstOrDefault(r => r.ChangeId == change.ChangeId && r.VerdictVersion == e.Version)
                : null;
            (string Type, JsonNode Data)? mapped = e.Data switch
            {
                ChangeReleased r => (Released, CdEvent(e, Released, origin, r.ReleasedBy,
                    new JsonObject { ["id"] = Service(repository), ["source"] = origin,
                        ["content"] = new JsonObject { ["environment"] = new JsonObject { ["id"] = r.Environment, ["source"] = origin },
                            ["artifactId"] = r.Artifacts is { Count: > 0 } a ? a[0].Digest : r.Version } },
                    Custom(e, repository, new { r.Version, r.ReleasedBy, r.Environment, r.Commit, r.Artifacts, r.VerdictVersion, r.Override }))),
                ReviewDecided r => (Reviewed, CdEvent(e, Reviewed, origin, r.Reviewer,
                    new JsonObject { ["id"] = r.ChangeId, ["source"] = origin,
                        ["content"] = new JsonObject { ["repository"] = new JsonObject { ["id"] = repository, ["source"] = origin } } },
                    Custom(e, repository, new { r.Reviewer, r.Decision, r.Commit, r.Comment, r.Assurance }))),
                Changes.HoldPlaced h => (HoldPlaced, CdEvent(e, HoldPlaced, origin, h.PlacedBy,
                    new JsonObject { ["id"] = h.HoldId, ["source"] = origin, ["content"] = new JsonObject() },
                    Custom(e, repository, new { h.HoldId, h.Kind, h.Reason, h.PlacedBy, h.ExpiresAt }))),
                Changes.HoldLifted h => (HoldLifted, CdEvent(e, HoldLifted, origin, h.LiftedBy,
                    new JsonObject { ["id"] = h.HoldId, ["source"] = origin, ["content"] = new JsonObject() },
                    Custom(e, repository, new { h.HoldId, h.LiftedBy, h.Justification }))),
                ReleaseVerdictRecorded { Verdict.Ready: false } v when released is null =>
                    (ReleaseRefused, Custom(e, repository, new { v.Verdict.Environment, v.RequestedBy, v.Verdict })),
                ReleaseVerdictRecorded { Verdict.Ready: false } v =>
                    (ReleaseOverridden, Custom(e, repository, new { v.Verdict.Environment, v.RequestedBy, released!.ReleasedBy, released.Version, released.Override, v.Verdict })),
                _ => null,
            };
            if (mapped is not { } m) continue;
            // What came in as a CDEvent (a changewindow that placed a hold, a deployment, a review) is never announced back as
            // one: a bus that feeds the ledger and listens to it would otherwise loop. The ledger's own types still leave.
            if (e.Data is Correlating { Correlation: not null } && m.Type.StartsWith("dev.cdevents.", StringComparison.Ordinal)) continue;
            var id = Id(e);
            var envelope = new JsonObject
            {
                ["specversion"] = "1.0", ["id"] = id, ["source"] = origin, ["type"] = m.Type, ["subject"] = change.ChangeId,
                ["time"] = Time(((ILedgerEvent)e.Data).OccurredAt), ["datacontenttype"] = "application/json", ["data"] = m.Data,
            };
            yield return new OutboundEvent(id, m.Type, change.ChangeId, repository, envelope.ToJsonString());
        }
    }

    public static string Id(IEvent e) => $"{e.StreamKey}/{e.Version.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A CDEvent of <paramref name="type"/>: context, subject, and the ledger's facts as customData.</summary>
    private static JsonObject CdEvent(IEvent e, string type, string origin, string actor, JsonObject subject, JsonObject custom) => new()
    {
        ["context"] = new JsonObject
        {
            ["specversion"] = SpecVersion, ["id"] = Id(e), ["source"] = origin, ["type"] = type, ["timestamp"] = Time(((ILedgerEvent)e.Data).OccurredAt),
        },
        ["subject"] = subject,
        ["customData"] = custom,
        ["customDataContentType"] = "application/json",
    };

    /// <summary>The ledger's own facts of an event: which change, where in its hash chain (prove it with /v1/integrity/proof), and the event's own fields.</summary>
    private static JsonObject Custom(IEvent e, string repository, object fields)
    {
        var custom = new JsonObject
        {
            ["changeId"] = e.StreamKey, ["repository"] = repository, ["eventVersion"] = e.Version, ["sequence"] = e.Sequence,
            ["eventHash"] = e.Headers?.GetValueOrDefault(HashChain.HashHeader)?.ToString(),
            ["recordedAt"] = Time(e.Timestamp),
        };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(fields, Json)!.AsObject().ToList())
            custom[name] = value?.DeepClone();
        return custom;
    }

    /// <summary>A CDEvents service id: the repository's last path segment, as a deployment tool names the service.</summary>
    private static string Service(string repository) => repository.TrimEnd('/').Split('/')[^1];

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
