using System.Net;
using Alba;
using ChangeLedger.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;

namespace ChangeLedger.Tests.Api;

public sealed class StartingTheService
{
    [Fact]
    public async Task without_a_reachable_postgresql_it_refuses_to_start_and_says_where_it_looked()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var failure = await Should.ThrowAsync<Exception>(() => AlbaHost.For<Program>(web =>
            web.UseSetting("ConnectionStrings:Ledger", "Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=y;Timeout=2")));

        var messages = string.Join(" | ", Flatten(failure).Select(e => e.Message));
        messages.ShouldContain("127.0.0.1:1");
        messages.ShouldContain("unreachable");
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException) yield return x;
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
