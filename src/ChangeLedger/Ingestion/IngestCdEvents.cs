using System.Security.Claims;
using ChangeLedger.Access;
using System.Net.Mime;
using System.Text.Json;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Ingestion;

/// <summary>
/// POST /v1/cdevents — CloudEvents 1.0 carrying CDEvents, in structured, batch or binary mode. A single event is
/// answered as its write's endpoint would answer (201 with the version, or the problem); a batch with one result
/// per event. The CloudEvent's source + id is the write's eventId, so the same event sent twice, in any mode, is
/// stored once. One unmappable type refuses the whole request (422) before anything is stored.
/// </summary>
public static class IngestCdEvents
{
    public const string Structured = "application/cloudevents+json";
    public const string Batch = "application/cloudevents-batch+json";

    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>The events of the request, and whether it was a batch; null when the request is in no CloudEvents mode.</summary>
    public static async Task<(IReadOnlyList<CloudEvent> Events, bool IsBatch)?> Read(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        var mediaType = request.ContentType is { } ct0 ? new ContentType(ct0).MediaType : null;

        if (string.Equals(mediaType, Batch, StringComparison.OrdinalIgnoreCase))
            return (Formatter.DecodeBatchModeMessage(body, new ContentType(request.ContentType!), null), true);
        if (string.Equals(mediaType, Structured, StringComparison.OrdinalIgnoreCase))
            return ([Formatter.DecodeStructuredModeMessage(body, new ContentType(request.ContentType!), null)], false);
        if (request.Headers["ce-specversion"] is [{ } version])
            return ([Binary(request, version, body)], false);
        return null;
    }

    /// <summary>Binary mode: attributes travel as ce-* headers, the CDEvent as the body.</summary>
    private static CloudEvent Binary(HttpRequest request, string version, byte[] body)
    {
        var spec = CloudEventsSpecVersion.FromVersionId(version)
            ?? throw new ArgumentException($"ce-specversion '{version}' is not a CloudEvents version this ledger reads (1.0).");
        var cloudEvent = new CloudEvent(spec) { DataContentType = request.ContentType };
        foreach (var (name, values) in request.Headers)
        {
            if (!name.StartsWith("ce-", StringComparison.OrdinalIgnoreCase) || name.Equals("ce-specversion", StringComparison.OrdinalIgnoreCase)) continue;
            cloudEvent.SetAttributeFromString(name[3..].ToLowerInvariant(), Uri.UnescapeDataString(values.ToString()));
        }
        Formatter.DecodeBinaryModeEventData(body, cloudEvent);
        return cloudEvent.Validate();
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/cdevents", async (HttpRequest request, ChangeWrites writes, WriteKinds kinds, ClaimsPrincipal user, IOptions<LimitsSettings> limits,
                IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> options, CancellationToken ct) =>
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
                var unmappable = events.Select(e => e.Type!).Where(t => CdEventMapping.Mapped(t) is null).ToList();
                if (unmappable.Count > 0) return Problems.Result(CdEventMapping.Unmappable(unmappable));

                var items = events.Select((e, i) =>
                {
                    var (write, problem) = CdEventMapping.Map(new CdEventEnvelope(e.Source!.ToString(), e.Id!, e.Type!, e.Time, e.Data as JsonElement?));
                    return write is not null ? BatchItem.Of(i, write)
                        : new BatchItem(i, e.Type, null, CdEventMapping.EventId(e.Source!.ToString(), e.Id!), null, problem);
                }).ToList();

                if (isBatch) return Results.Ok(await Ingest.Run(writes, kinds, Caller.Of(user), items, options.Value.SerializerOptions, ct));
                var single = items[0];
                if (single.Write is null) return Problems.Result(single.Problem!);
                var (command, problem) = kinds.Parse(single.Write);
                return command is null ? Problems.Result(problem!) : (await writes.Record([command], Caller.Of(user), ct))[0].ToResult();
            })
            .RequireAuthorization(Permissions.Ingestion)
            .ProducesAccessProblems()
            .WithTags("Ingestion").WithName("IngestCdEvents")
            .WithSummary("Record CDEvents sent as CloudEvents (structured, batch or binary mode)")
            // No Accepts(...) here: its content-type filter would refuse binary mode's plain JSON body before the mode is known.
            .Produces<WriteResult>(StatusCodes.Status201Created).Produces<IngestionResults>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
