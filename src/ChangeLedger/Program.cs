using ChangeLedger.Access;
using ChangeLedger.Audits;
using ChangeLedger.Changes;
using ChangeLedger.Exports;
using ChangeLedger.Hosting;
using ChangeLedger.Ingestion;
using ChangeLedger.Integrations;
using ChangeLedger.Integrity;
using ChangeLedger.Policies;
using ChangeLedger.Release;
using ChangeLedger.Trails;
using ChangeLedger.Web;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(o => LedgerJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.AddLedgerSettings().AddLedgerTelemetry();
builder.Services.AddLedgerProblems();
builder.Services.AddLedgerHealth();
builder.Services.AddLedgerForwardedHeaders();
builder.Services.AddLedgerOpenApi();
builder.AnswerUnreadableRequestsAsProblems();

// The capabilities: each registers its own events, projections, services and routes.
builder.AddLedgerStorage(opts =>
{
    opts.AddChangeStream();
    opts.AddPolicies();
    opts.AddAccessStreams();
    opts.AddExports();
    opts.AddIntegrity();
    opts.AddIntegrations();
});
builder.Services.AddChangeWrites().AddRelease().AddPolicyWrites().AddIngestion().AddIntegrity();
builder.AddAccess();
builder.AddIntegrations();
builder.AddWeb();

var app = builder.Build();

// A JasperFx command (db-apply, codegen, projections …) is named first; options alone (--urls …) are a start.
var command = args.Length > 0 && !args[0].StartsWith('-');

// A bad setting, an unreachable database, or (where starts may not migrate) a schema behind this version: one line, exit 2.
// A command is judged by the settings it reads: db-apply needs the database, not the signing key the service signs with.
if (!(command ? Settings.StorageSettingsAreValid(app.Services, app.Logger) : Settings.AreValid(app.Services, app.Logger))
    || !await LedgerStorage.IsReachable(app.Configuration, app.Logger, app.Lifetime.ApplicationStopping)
    || (!command && !await LedgerStorage.SchemaIsCurrent(app.Services, app.Logger, app.Lifetime.ApplicationStopping)))
{
    // Disposing flushes the logger, so the reason is the last thing printed; the exit code says it failed.
    await app.DisposeAsync();
    return 2;
}

app.UseLedgerForwardedHeaders();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLimits();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseAntiforgery();
app.UseQueryRules();

app.MapLedgerApiReference();
app.MapLedgerHealth();
app.MapChangeWrites();
app.MapRelease();
app.MapTrails();
app.MapPolicies();
app.MapIngestion();
app.MapAccess();
app.MapExports();
app.MapAudits();
app.MapIntegrity();
app.MapIntegrations();
app.MapWeb();
app.MapLedgerMetrics(Permissions.ReadChanges);

// JasperFx's command line only when a command is given: a plain start then skips scanning every assembly for commands,
// and its console notices. Options such as --urls were read into the configuration when the builder was made.
if (command) return await app.RunJasperFxCommands(args);
await app.RunAsync();
return 0;

public partial class Program;
