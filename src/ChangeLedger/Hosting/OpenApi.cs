namespace ChangeLedger.Hosting;

public static class OpenApi
{
    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "ChangeLedger API";
            doc.Info.Version = "v1";
            doc.Info.Description = "The system of record for AI-generated software changes: who owns a change, what proved it, and why it was released or held.";
            // The document is compared with contracts/openapi.json; a server list would tie it to one host.
            doc.Servers?.Clear();
            return Task.CompletedTask;
        }));
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
