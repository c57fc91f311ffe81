using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Exports;
using ChangeLedger.Hosting;
using ChangeLedger.Ingestion;
using ChangeLedger.Integrity;
using ChangeLedger.Policies;
using ChangeLedger.Release;
using ChangeLedger.Trails;
using JasperFx;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(o => LedgerJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddLedgerProblems();
builder.Services.AddLedgerHealth();
builder.Services.AddLedgerOpenApi();
builder.AddRequestLimits();

// The capabilities: each registers its own events, projections, services and routes.
builder.AddLedgerStorage(opts =>
{
    opts.AddChangeStream();
    opts.AddRelease();
    opts.AddPolicies();
    opts.AddAccessStreams();
    opts.AddExports();
    opts.AddIntegrity();
});
builder.Services.AddChangeWrites().AddPolicyWrites().AddRelease().AddIngestion().AddIntegrity();
builder.AddAccess();

var app = builder.Build();

if (!await LedgerStorage.IsReachable(app.Configuration, app.Logger, app.Lifetime.ApplicationStopping))
{
    // Disposing flushes the logger, so the reason is the last thing printed; the exit code says it failed.
    await app.DisposeAsync();
    return 2;
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLimits(RequestLimits.MaxBodyBytes(app.Configuration));
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference().AllowAnonymous();
app.MapLedgerHealth();
app.MapChangeWrites();
app.MapRelease();
app.MapTrails();
app.MapPolicies();
app.MapIngestion();
app.MapAccess();
app.MapExports();
app.MapIntegrity();
app.UseLedgerMetrics(Permissions.ReadChanges);

return await app.RunJasperFxCommands(args);

public partial class Program;
