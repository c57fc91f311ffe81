using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Exports;
using ChangeLedger.Hosting;
using ChangeLedger.Integrity;
using JasperFx;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(o => LedgerJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddLedgerProblems();
builder.Services.AddLedgerHealth();
builder.Services.AddLedgerOpenApi();
builder.Services.AddScoped<LedgerWriter>();
builder.AddRequestLimits();
builder.Services.AddIntegrity();
builder.AddLedgerStorage(opts =>
{
    opts.AddChangeStream();
    opts.AddAccessStreams();
    opts.AddExports();
    opts.AddIntegrity();
});
builder.AddAccess();

var app = builder.Build();

await LedgerStorage.EnsureReachable(app.Configuration, app.Logger, app.Lifetime.ApplicationStopping);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLimits(RequestLimits.MaxBodyBytes(app.Configuration));
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference().AllowAnonymous();
app.MapLedgerHealth();
app.MapChangeStream();
app.MapAccess();
app.MapExports();
app.MapIntegrity();
app.UseLedgerMetrics();

return await app.RunJasperFxCommands(args);

public partial class Program;
