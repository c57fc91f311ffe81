using System.Security.Claims;
using ChangeLedger.Access;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Ingestion;

/// <summary>
/// POST /v1/events — a batch of typed write bodies: <c>type</c> (the event it records) and <c>changeId</c>, plus the
/// members of that endpoint's request (<c>hold_lifted</c> also names its <c>holdId</c>). One result per item, in order.
/// </summary>
public static class IngestBatch
{
    public static BatchItem Parse(int index, JsonElement element, WriteKinds kinds, JsonSerializerOptions json)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Refused(index, null, null, "item", "Each item is a JSON object with 'type' and 'changeId'.");
        // The array was parsed without reading its strings; an item whose text is not UTF-8 is refused here, as the
        // single endpoints refuse such a body, before anything transcodes it.
        if (!System.Text.Unicode.Utf8.IsValid(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)))
            return Refused(index, null, null, "item", "The item contains text that is not valid UTF-8.");
        if (LedgerJson.FirstStringThatIsNotText(element) is { } notText)
            return Refused(index, null, null, "item", $"The item's {notText} is not text: it has an unpaired surrogate escape (\\ud800-\\udfff).");
        JsonObject body;
        try
        {
            body = JsonNode.Parse(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false })!.AsObject();
        }
        catch (JsonException malformed)
        {
            return new BatchItem(index, null, null, null, null, LedgerExceptionHandler.Map(new BadHttpRequestException(malformed.Message, malformed)));
        }
        var type = Text(body, "type");
        var changeId = Text(body, "changeId");
        if (kinds.Find(type) is not { } kind)
            return Refused(index, type, changeId, "type", $"'type' is one of {string.Join(", ", kinds.Types)}.");
        var requestType = kind.RequestType;

        body.Remove("type");
        // A proposal names its change in its own body; every other write names it in the path, here in the item.
        if (requestType != typeof(ProposeChangeRequest)) body.Remove("changeId");
        string? holdId = null;
        if (requestType == typeof(LiftHoldRequest))
        {
            holdId = Text(body, "holdId");
            body.Remove("holdId");
            if (ChangeId.Check(holdId) is { } bad) return Refused(index, type, changeId, "holdId", "'holdId' names the hold to lift. " + bad);
        }

        try
        {
            var request = (IWriteRequest)body.Deserialize(requestType, json)!;
            return BatchItem.Of(index, new TypedWrite(type!, changeId ?? "", request, holdId));
        }
        catch (JsonException malformed)
        {
            var problem = LedgerExceptionHandler.Map(new BadHttpRequestException(malformed.Message, malformed));
            return new BatchItem(index, type, changeId, null, null, problem);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/events", async (JsonElement body, ChangeWrites writes, WriteKinds kinds, ClaimsPrincipal user, IOptions<LimitsSettings> limits,
                IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> options, CancellationToken ct) =>
            {
                var json = options.Value.SerializerOptions;
                if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() == 0)
                    return Problems.Result(new Problem(400, "batch-shape", "A batch is a non-empty JSON array",
                        "Send a JSON array of write bodies, each with 'type' and 'changeId'."));
                var max = limits.Value.MaxBatchItems;
                if (body.GetArrayLength() > max)
                    return Problems.Result(new Problem(413, "batch-too-large", "The batch has too many items",
                        $"The batch has {body.GetArrayLength()} items; the limit is {max}. Split it; nothing was recorded."));
                var items = body.EnumerateArray().Select((item, i) => Parse(i, item, kinds, json)).ToList();
                return Results.Ok(await Ingest.Run(writes, kinds, Caller.Of(user), items, json, ct));
            })
            .RequireAuthorization(Permissions.Ingestion)
            .ProducesAccessProblems()
            .WithTags("Ingestion").WithName("IngestBatch").WithSummary("Record a batch of typed writes; one result per item, in order")
            .Produces<IngestionResults>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static string? Text(JsonObject body, string member) =>
        body[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static BatchItem Refused(int index, string? type, string? changeId, string field, string message) =>
        new(index, type, changeId, null, null, Problem.Invalid(new Dictionary<string, string[]> { [field] = [message] }));
}
