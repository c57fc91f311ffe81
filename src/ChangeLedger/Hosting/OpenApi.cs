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
