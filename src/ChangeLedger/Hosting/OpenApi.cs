using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace ChangeLedger.Hosting;

public static class OpenApi
{
    public const string Scheme = "Bearer";

    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, context, _) =>
            {
                doc.Info.Title = "ChangeLedger API";
                doc.Info.Version = "v1";
                doc.Info.Description = "The system of record for AI-generated software changes: who owns a change, what proved it, and why it "
                    + "was released or held. Every call but this reference needs an API key, sent as `Authorization: Bearer cl_…`.";
                // The document is compared with contracts/openapi.json; a server list would tie it to one host. The
                // reference page offers the host it is served from instead.
                doc.Servers?.Clear();
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [Scheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "cl_…",
                        Description = "An API key issued by POST /v1/access/keys (or the bootstrap key run.sh prints).",
                    },
                };
                var json = context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                foreach (var rules in context.ApplicationServices.GetServices<RequestRules>()) DescribeRequest(doc, rules, json);
                CloseEnums(doc);
                DescribeWrites(doc);
                // The reference opens on its first tag: the change lifecycle, not bulk ingestion.
                if (doc.Tags is { } tags)
                    doc.Tags = new HashSet<OpenApiTag>(tags.OrderBy(t => t.Name == "Changes" ? 0 : t.Name == "Ingestion" ? 2 : 1));
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
                return Task.CompletedTask;
            });
        });

    /// <summary>The reference: the document and the Scalar page (<c>GET /</c> is the web view's search page).</summary>
    public static void MapLedgerApiReference(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference((o, http) => o
                .WithTitle("ChangeLedger API")
                .AddServer(new ScalarServer($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}", "This ledger"))
                // The page offers a field for the key; it never fills one in.
                .AddPreferredSecuritySchemes(Scheme)
                .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl)
                .HideClientButton().HideDeveloperTools().DisableAgent().DisableMcp().DisableTelemetry().DisableDefaultFonts())
            .AllowAnonymous();
    }

    /// <summary>
    /// Request members are nullable in C# so that one 400 can list every problem; the schema instead says what the
    /// service accepts. A member is required exactly when the request's own validator refuses the body without it.
    /// </summary>
    private static void DescribeRequest(OpenApiDocument doc, RequestRules rules, JsonSerializerOptions json)
    {
        // An example shows what a client sends: members it leaves out are absent, not null.
        var example = new JsonSerializerOptions(json) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        foreach (var (type, required) in RequiredMembers(rules, json))
        {
            if (doc.Components?.Schemas?.TryGetValue(type.Name, out var found) is not true || found is not OpenApiSchema schema || schema.Properties is null) continue;
            schema.Required = new HashSet<string>(schema.Properties.Keys.Where(required.Contains));
            foreach (var name in schema.Required) schema.Properties[name] = NotNull(schema.Properties[name]);
            if (OpenApiExamples.For(type) is { } body) schema.Examples = [JsonSerializer.SerializeToNode(body, type, example)!];
        }
    }

    /// <summary>Which members each body (the request and the bodies nested in it) cannot do without.</summary>
    public static Dictionary<Type, HashSet<string>> RequiredMembers(RequestRules rules, JsonSerializerOptions json)
    {
        var nested = new Dictionary<string, Type>(StringComparer.Ordinal);
        var probe = Probe(rules.RequestType, "", nested, json);
        var result = new Dictionary<Type, HashSet<string>> { [rules.RequestType] = [] };
        foreach (var type in nested.Values) result.TryAdd(type, []);

        // Everything absent: the members the request itself is refused without.
        var empty = JsonSerializer.Deserialize("{}", rules.RequestType, json)!;
        foreach (var field in rules.Validate(empty).Fields.Where(IsMember)) result[rules.RequestType].Add(field);
        // Every nested body present but empty: the members each of those is refused without.
        foreach (var field in rules.Validate(probe.Deserialize(rules.RequestType, json)!).Fields)
        {
            var dot = field.LastIndexOf('.');
            if (dot > 0 && nested.TryGetValue(field[..dot], out var type) && IsMember(field[(dot + 1)..])) result[type].Add(field[(dot + 1)..]);
        }
        return result;
    }

    private static bool IsMember(string field) => field.All(char.IsLetterOrDigit);

    private static JsonObject Probe(Type type, string path, Dictionary<string, Type> nested, JsonSerializerOptions json)
    {
        var probe = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = json.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;
            if (IsBody(property.PropertyType))
            {
                nested[path + name] = property.PropertyType;
                probe[name] = Probe(property.PropertyType, $"{path}{name}.", nested, json);
            }
            else if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
                     && property.PropertyType.GetGenericArguments()[0] is var item && IsBody(item))
            {
                nested[$"{path}{name}[0]"] = item;
                probe[name] = new JsonArray(Probe(item, $"{path}{name}[0].", nested, json));
            }
        }
        return probe;
    }

    private static bool IsBody(Type type) => type.IsClass && type != typeof(string) && type.Namespace == typeof(Contracts.IWriteRequest).Namespace;

    private static IOpenApiSchema NotNull(IOpenApiSchema property)
    {
        if (property is not OpenApiSchema schema) return property;
        if (schema.OneOf is { Count: 2 } oneOf && oneOf.FirstOrDefault(s => s is not OpenApiSchemaReference && s.Type == JsonSchemaType.Null) is { } nullable)
            return oneOf.Single(s => !ReferenceEquals(s, nullable));
        if (schema.Type is { } type) schema.Type = type & ~JsonSchemaType.Null;
        return schema;
    }

    /// <summary>A write's operation says what its request body's doc comment says: what the write records.</summary>
    private static void DescribeWrites(OpenApiDocument doc)
    {
        foreach (var operation in doc.Paths?.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []) ?? [])
            if (operation.RequestBody?.Content?.TryGetValue("application/json", out var content) is true
                && content.Schema is OpenApiSchemaReference { Reference.Id: { } id }
                && doc.Components?.Schemas?.TryGetValue(id, out var body) is true && body.Description is { } description)
                operation.Description ??= description;
    }

    /// <summary>An enum schema is shared by nullable and required members; whether null is allowed is each member's to say.</summary>
    private static void CloseEnums(OpenApiDocument doc)
    {
        foreach (var schema in doc.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Enum is not { Count: > 0 } values || schema.Properties is { Count: > 0 }) continue;
            schema.Enum = [.. values.Where(v => v is not null)];
            schema.Type = JsonSchemaType.String;
        }
    }
}

public static class OpenApiConventions
{
    /// <summary>The answers every authenticated endpoint may give, declared once per group so the contract lists them.</summary>
    public static TBuilder ProducesAccessProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests })
            builder.WithMetadata(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }
}
