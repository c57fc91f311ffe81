using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChangeLedger.Ingestion;

/// <summary>
/// The endpoint reads its batch as raw JSON (each item is parsed on its own, so one bad item does not refuse the
/// rest), which the generator can only call a JsonElement. The wire is an array of write bodies whose <c>type</c>
/// picks the shape: one schema per write kind, built from that kind's request schema, so the two cannot differ.
/// </summary>
public static class BatchSchema
{
    public static IServiceCollection AddBatchSchema(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer(async (doc, context, ct) =>
        {
            var schemas = doc.Components?.Schemas;
            var batch = doc.Paths?["/v1/events"]?.Operations?[HttpMethod.Post].RequestBody?.Content?["application/json"];
            if (schemas is null || batch is null) return;

            var mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal);
            foreach (var kind in context.ApplicationServices.GetServices<Changes.WriteKind>().OrderBy(k => k.Type, StringComparer.Ordinal))
            {
                // A kind no endpoint of its own writes (an incident, recorded from CDEvents) gets its request schema here.
                if (!schemas.TryGetValue(kind.RequestType.Name, out var found))
                    schemas[kind.RequestType.Name] = found = await context.GetOrCreateSchemaAsync(kind.RequestType, null, ct);
                if (found is not OpenApiSchema request) continue;
                var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(kind.Type)], Description = "The write this item records." },
                    ["changeId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The change written to." },
                };
                if (kind.RequestType == typeof(Contracts.LiftHoldRequest))
                    properties["holdId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The hold to lift." };
                foreach (var (name, schema) in request.Properties ?? new Dictionary<string, IOpenApiSchema>()) properties.TryAdd(name, schema);
                var id = "BatchItem_" + kind.Type;
                schemas[id] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = $"A {kind.RequestType.Name} as a batch item.",
                    Properties = properties,
                    Required = new HashSet<string>(["type", "changeId", .. properties.ContainsKey("holdId") ? ["holdId"] : Array.Empty<string>(), .. request.Required ?? new HashSet<string>()]),
                    AdditionalPropertiesAllowed = false,
                };
                mapping[kind.Type] = new OpenApiSchemaReference(id, doc);
            }
            batch.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MinItems = 1,
                Description = "Writes recorded together, in order; each item's `type` selects its shape.",
                Items = new OpenApiSchema
                {
                    OneOf = [.. mapping.Values],
                    Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping },
                },
            };
        }));
}
