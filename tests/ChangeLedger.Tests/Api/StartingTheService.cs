using System.Diagnostics;
using System.Net;
using Alba;
using ChangeLedger.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;

namespace ChangeLedger.Tests.Api;

public sealed class StartingTheService
{
    [Fact]
    public async Task without_a_reachable_postgresql_it_exits_non_zero_with_the_reason_alone()
    {
        // The service as an operator runs it: its own process, so the exit code and what it prints are what is tested.
        var dll = Path.Combine(AppContext.BaseDirectory, "ChangeLedger.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = LedgerApp.ContentRoot,
        };
        start.Environment["ConnectionStrings__Ledger"] = "Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=y;Timeout=2";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var service = Process.Start(start)!;
        var output = service.StandardOutput.ReadToEndAsync();
        var errors = service.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await service.WaitForExitAsync(bound.Token);

        var printed = await output + await errors;
        service.ExitCode.ShouldBe(2, printed);
        printed.ShouldContain("127.0.0.1:1");
        printed.ShouldContain("unreachable");
        printed.ShouldNotContain("Unhandled exception");
        printed.ShouldNotContain("   at ");
    }
}

/// <summary>Access:Mode=Disabled, for local experiments: anyone may do anything, and the service says so loudly.</summary>
public sealed class AccessDisabledLedgerApp : LedgerApp
{
    public AccessDisabledLedgerApp(IMessageSink sink) : base(sink) => Settings["Access:Mode"] = "Disabled";
}

public sealed class RunningWithAccessDisabled(AccessDisabledLedgerApp app) : IClassFixture<AccessDisabledLedgerApp>
{
    [Fact]
    public async Task any_caller_may_write_and_the_service_warns_at_startup()
    {
        var anonymous = app.ClientWith(null);
        var response = await anonymous.PostAsync("/v1/changes",
            System.Net.Http.Json.JsonContent.Create(Requests.Human("open-1"), options: LedgerApp.Json));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        app.Logs.ShouldContain(line => line.StartsWith("Warning") && line.Contains("ACCESS CONTROL IS DISABLED"));
    }
}
