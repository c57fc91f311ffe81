using System.Security.Claims;
using ChangeLedger.Access;
using System.Net.Mime;
using System.Text.Json;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Marten;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Ingestion;

/// <summary>
/// POST /v1/cdevents — CloudEvents 1.0 carrying CDEvents, in structured, batch or binary mode. A single event is
/// answered as its write's endpoint would answer (201 with the version, or the problem); a batch with one result
/// per event. The CloudEvent's source + id is the write's eventId, so the same event sent twice, in any mode, is
/// stored once. An event the ledger has no use for is answered 202 and not stored; in a batch it spoils nothing.
/// </summary>
public static class IngestCdEvents
{
    public const string Structured = "application/cloudevents+json";
    public const string Batch = "application/cloudevents-batch+json";

    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>
    /// The events of the request, and whether it was a batch; null when the request is in no CloudEvents mode. Besides
    /// the three modes, what producers send (<see cref="ProducerWireForms"/>): 0.3 envelopes and headers, a bare CDEvent
    /// or an envelope posted as plain JSON, a binary body that is a JSON string holding the whole CloudEvent.
    /// </summary>
    public static async Task<(IReadOnlyList<CloudEvent> Events, bool IsBatch)?> Read(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        var contentType = ProducerWireForms.ContentType(request);
        var mediaType = contentType is null ? null : new ContentType(contentType).MediaType;

        if (string.Equals(mediaType, Batch, StringComparison.OrdinalIgnoreCase))
            return (Formatter.DecodeBatchModeMessage(body, new ContentType(contentType!), null), true);
        if (string.Equals(mediaType, Structured, StringComparison.OrdinalIgnoreCase))
            return ([ProducerWireForms.Structured(body)], false);
        if (request.Headers["ce-specversion"] is [{ } version])
            return ([ProducerWireForms.Wrapped(body) ?? Binary(request, version, contentType, body)], false);
        if (mediaType is null || mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
            return ProducerWireForms.Unlabelled(body) is { } unlabelled ? ([unlabelled], false) : null;
        return null;
    }

    /// <summary>Binary mode: attributes travel as ce-* headers, the CDEvent as the body. 0.3 headers name the same attributes (but <c>ce-schemaurl</c>, 1.0's dataschema).</summary>
    private static CloudEvent Binary(HttpRequest request, string version, string? contentType, byte[] body)
    {
        var spec = (version == "0.3" ? CloudEventsSpecVersion.V1_0 : CloudEventsSpecVersion.FromVersionId(version))
            ?? throw new ArgumentException($"ce-specversion '{version}' is not a CloudEvents version this ledger reads (1.0, or 0.3).");
        var cloudEvent = new CloudEvent(spec) { DataContentType = contentType, Id = "0" };
        foreach (var (name, values) in request.Headers)
        {
            if (!name.StartsWith("ce-", StringComparison.OrdinalIgnoreCase) || name.Equals("ce-specversion", StringComparison.OrdinalIgnoreCase)) continue;
            var attribute = name[3..].ToLowerInvariant() is "schemaurl" ? "dataschema" : name[3..].ToLowerInvariant();
            var value = Uri.UnescapeDataString(values.ToString());
            // An empty id is no id: the placeholder makes the content id replace it, as for "0".
            if (attribute == "id" && value.Length == 0) continue;
            cloudEvent.SetAttributeFromString(attribute, value);
        }
        Formatter.DecodeBinaryModeEventData(body, cloudEvent);
        return cloudEvent.Validate();
    }

    /// <summary>
    /// Each event on its own: a type the ledger has no use for, or one no rule correlates, is ignored (202) or, in
    /// strict mode, refused (422); a mapped event that breaks its spec version's rules (CdEventConformance) is refused (400
    /// invalid-cdevent); any other mapped event becomes its write or the problem with it. Keys an earlier event of
    /// the same request leaves (a change.created's chain) correlate the later ones as if it were already stored.
    /// </summary>
    public static async Task<List<BatchItem>> Items(IReadOnlyList<CloudEvent> events, IQuerySession session, ClaimsPrincipal user, IngestionSettings settings,
        WriteKinds kinds, CancellationToken ct)
    {
        var strict = settings.Strict;
        var caller = Caller.Of(user);
        var earlier = new Dictionary<string, CdEventCorrelation.Found>(StringComparer.Ordinal);
        var items = new List<BatchItem>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var cloudEvent = events[i];
            var data = cloudEvent.Data as JsonElement?;
            var foreign = data is { } model ? ProducerWireForms.Jenkins(cloudEvent, model) : null;
            data = foreign ?? data;
            var envelope = new CdEventEnvelope(cloudEvent.Source!.ToString(), Identity(cloudEvent, data), cloudEvent.Type!, cloudEvent.Time, data);
            var eventId = CdEventMapping.EventId(envelope.Source, envelope.Id);
            BatchItem Ignore(Ignored ignored, string? changeId = null)
            {
                LedgerMetrics.CdEventsIgnored.Add(1, new("type", CdEventMapping.SubjectAndPredicate(envelope.Type) ?? "other"), new("reason", ignored.Code));
                return strict ? new BatchItem(i, envelope.Type, changeId, eventId, null, ignored.Refusal()) : new BatchItem(i, envelope.Type, changeId, eventId, null, null, ignored);
            }

            if (CdEventMapping.Mapped(envelope.Type) is not { } kind)
            {
                items.Add(Ignore(CdEventMapping.Unused(envelope.Type)));
                continue;
            }
            if (foreign is not null && strict)
            {
                items.Add(new BatchItem(i, envelope.Type, null, eventId, null, new Ignored(Ignored.Foreign,
                    "The CloudEvent's data is Jenkins' own model, not a CDEvent").Refusal()));
                continue;
            }
            var (refusal, nonconforming) = envelope.Data is { } cdevent ? CdEventConformance.Assess(cdevent, strict) : (null, []);
            if (refusal is not null)
            {
                items.Add(new BatchItem(i, envelope.Type, null, eventId, null, refusal));
                continue;
            }
            var (read, invalid) = CdEventMapping.Read(envelope, kind);
            if (read is null)
            {
                items.Add(new BatchItem(i, envelope.Type, null, eventId, null, invalid));
                continue;
            }
            var cdEvent = read with { Nonconforming = nonconforming };
            var (target, refused, uncorrelated) = await CdEventCorrelation.Resolve(session, user, caller, cdEvent, earlier, ct);
            if (target is null)
            {
                items.Add(uncorrelated is not null ? Ignore(uncorrelated) : new BatchItem(i, envelope.Type, cdEvent.CustomChangeId, eventId, null, refused));
                continue;
            }
            var (write, problem, nothing) = CdEventMapping.Map(cdEvent, target, settings.Environments);
            if (write is null)
            {
                items.Add(nothing is not null ? Ignore(nothing, target.ChangeId) : new BatchItem(i, envelope.Type, target.ChangeId, eventId, null, CdEventPaths.Named(problem!, cdEvent)));
                continue;
            }
            if (kinds.Parse(write) is (null, { } unparsed))
            {
                items.Add(new BatchItem(i, envelope.Type, target.ChangeId, eventId, null, CdEventPaths.Named(unparsed, cdEvent)));
                continue;
            }
            items.Add(BatchItem.Of(i, write));
            if (nonconforming.Count > 0) LedgerMetrics.CdEventsNonconforming.Add(1, new KeyValuePair<string, object?>("type", kind));
            var found = write.Request is ProposeChangeRequest proposal
                ? new CdEventCorrelation.Found(target.ChangeId, proposal.Repository ?? "", proposal.HeadCommit ?? CdEventMapping.UnknownCommit)
                : earlier.Values.FirstOrDefault(f => f.ChangeId == target.ChangeId) ?? await Stored(session, target.ChangeId, ct);
            if (found is not null)
                foreach (var key in cdEvent.Keys(target)) earlier[key] = found;
        }
        return items;
    }

    /// <summary>The event's id: the CloudEvent's, else the CDEvent's context id, else (both "0" or empty) the content id of the CDEvent.</summary>
    private static string Identity(CloudEvent e, JsonElement? data)
    {
        if (!ProducerIds.IsPlaceholder(e.Id)) return e.Id!;
        if (data is { ValueKind: JsonValueKind.Object } cdevent && CdEventMapping.Text(cdevent, "context", "id") is { } id && !ProducerIds.IsPlaceholder(id)) return id;
        return data is { } content ? ProducerIds.ContentId(content) : ProducerIds.ContentId(JsonSerializer.SerializeToElement(new { e.Type, Source = e.Source?.ToString(), e.Time }));
    }

    private static async Task<CdEventCorrelation.Found?> Stored(IQuerySession session, string changeId, CancellationToken ct) =>
        await session.LoadAsync<Change>(changeId, ct) is { } change ? new CdEventCorrelation.Found(change.Id, change.Repository, change.HeadCommit) : null;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/cdevents", async (HttpRequest request, ChangeWrites writes, WriteKinds kinds, ClaimsPrincipal user, IOptions<LimitsSettings> limits,
                IOptions<IngestionSettings> ingestion, IQuerySession session, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> options, CancellationToken ct) =>
            {
                (IReadOnlyList<CloudEvent> Events, bool IsBatch)? read;
                try
                {
                    read = await Read(request, ct);
                }
                catch (Exception invalid) when (invalid is ArgumentException or InvalidOperationException or JsonException or FormatException)
                {
                    return Problems.Result(new Problem(400, "invalid-cloudevent", "The CloudEvent could not be read", invalid.Message));
                }

                if (read is not { } decoded)
                    return Problems.Result(new Problem(415, "unsupported-media-type", "Not a CloudEvents request",
                        $"Send CloudEvents as {Structured}, {Batch}, or in binary mode with ce-* headers; got '{request.ContentType}'."));
                var (events, isBatch) = decoded;
                if (events.Select(e => e.Data is JsonElement data ? LedgerJson.FirstStringThatIsNotText(data, "data") : null).FirstOrDefault(p => p is not null) is { } notText)
                    return Problems.Result(new Problem(400, "invalid-cloudevent", "The CloudEvent could not be read",
                        $"The event's {notText} is not text: it has an unpaired surrogate escape (\\ud800-\\udfff). Nothing was recorded."));

                var max = limits.Value.MaxBatchItems;
                if (events.Count == 0 || events.Count > max)
                    return Problems.Result(new Problem(events.Count == 0 ? 400 : 413, "batch-size", "The batch size is out of bounds",
                        $"A CloudEvents batch has 1 to {max} events; this one has {events.Count}. Nothing was recorded."));

                var items = await Items(events, session, user, ingestion.Value, kinds, ct);
                if (isBatch) return Results.Ok(await Ingest.Run(writes, kinds, Caller.Of(user), items, options.Value.SerializerOptions, ct));
                var single = items[0];
                if (single.Ignored is { } ignored) return Results.Json(ignored.Body(), options.Value.SerializerOptions, statusCode: StatusCodes.Status202Accepted);
                if (single.Write is null) return Problems.Result(single.Problem!);
                var (command, problem) = kinds.Parse(single.Write);
                return command is null ? Problems.Result(problem!) : (await writes.Record([command], Caller.Of(user), ct))[0].ToResult();
            })
            .RequireAuthorization(Permissions.Ingestion)
            .ProducesAccessProblems()
            .WithTags("Ingestion").WithName("IngestCdEvents")
            .WithSummary("Record CDEvents sent as CloudEvents (structured, batch or binary mode)")
            // No Accepts(...) here: its content-type filter would refuse binary mode's plain JSON body before the mode is known.
            .Produces<WriteResult>(StatusCodes.Status201Created).Produces<IngestionResults>().Produces<Dictionary<string, string>>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
