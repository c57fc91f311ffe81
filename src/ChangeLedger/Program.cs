using ChangeLedger.Access;
using ChangeLedger.Changes;
using ChangeLedger.Hosting;
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
builder.AddLedgerStorage(opts =>
{
    opts.AddChangeStream();
    opts.AddAccessStreams();
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
app.UseLedgerMetrics();

return await app.RunJasperFxCommands(args);

public partial class Program;
