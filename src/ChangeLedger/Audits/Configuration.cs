using ChangeLedger.Hosting;

namespace ChangeLedger.Audits;

/// <summary>Audits: a period of releases, read from the verdicts and releases the ledger stored.</summary>
public static class Configuration
{
    public static void MapAudits(this IEndpointRouteBuilder app) =>
        ReadAudit.Map(app.MapGroup("/v1/audits").WithTags("Audits").ProducesAccessProblems());
}
