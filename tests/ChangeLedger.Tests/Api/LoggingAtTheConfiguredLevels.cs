using System.Collections.Concurrent;
using System.Net.Sockets;
using ChangeLedger.Hosting;
using ChangeLedger.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// The service's logging as configured: <c>Logging:LogLevel</c> decides what is written (./run.sh's quiet mode sets the
/// default to Warning), and during a database outage only the database libraries' warnings are held back. The outage's
/// own filter once replaced the configured default, so a quiet start printed Information and Debug lines.
/// </summary>
public sealed class LoggingAtTheConfiguredLevels
{
    [Fact]
    public void the_configured_levels_decide_and_an_outage_holds_back_only_the_database_libraries_warnings()
    {
        var lines = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:ChangeLedger.Chatty"] = "Debug",
        });
        builder.Logging.ClearProviders().AddProvider(new CapturingLoggerProvider(lines));
        builder.AddLedgerStorage();
        using var app = builder.Build();
        var logs = app.Services.GetRequiredService<ILoggerFactory>();

        void Write(string category, LogLevel level) => logs.CreateLogger(category).Log(level, "{Category} at {Level}", category, level);

        Write("Wolverine.Runtime.WolverineRuntime", LogLevel.Information);
        Write("Marten.Events.Daemon", LogLevel.Debug);
        Write("ChangeLedger.Quiet", LogLevel.Information);
        Write("ChangeLedger.Chatty", LogLevel.Debug);
        Write("Wolverine.Runtime.WolverineRuntime", LogLevel.Warning);
        lines.Select(Head).ShouldBe(["Debug ChangeLedger.Chatty", "Warning Wolverine.Runtime.WolverineRuntime"]);

        lines.Clear();
        var outage = app.Services.GetRequiredService<DatabaseOutage>();
        outage.Failed(new SocketException((int)SocketError.ConnectionRefused), probe: true);
        try
        {
            Write("Wolverine.Runtime.WolverineRuntime", LogLevel.Error);
            Write("Npgsql.Connection", LogLevel.Warning);
            Write("ChangeLedger.Quiet", LogLevel.Warning);
            Write("ChangeLedger.Chatty", LogLevel.Debug);
            lines.Select(Head).ShouldBe(["Warning ChangeLedger.Quiet", "Debug ChangeLedger.Chatty"]);
        }
        finally
        {
            outage.Recovered();
        }
    }

    [Fact]
    public void a_database_library_failing_on_an_outage_nobody_noticed_yet_declares_it_instead_of_logging_an_error()
    {
        var lines = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders().AddProvider(new CapturingLoggerProvider(lines));
        builder.AddLedgerStorage();
        using var app = builder.Build();
        var logs = app.Services.GetRequiredService<ILoggerFactory>();
        var outage = app.Services.GetRequiredService<DatabaseOutage>();
        try
        {
            // Not an outage: a library's own error is still an error.
            logs.CreateLogger("Wolverine.Runtime.WolverineRuntime").LogError(new InvalidOperationException("no handler"), "Handler failed");
            outage.IsDown.ShouldBeFalse();
            // What Wolverine's durability agent logs when its connection breaks before any probe noticed.
            var broken = new Npgsql.NpgsqlException("Exception while writing to stream", new IOException("Broken pipe"));
            logs.CreateLogger("Wolverine.Runtime.Agents.IAgentCommand").LogError(broken, "Invocation of {Operation} failed!", "RunScheduledMessagesOperation");
            outage.IsDown.ShouldBeTrue();
            outage.Reason.ShouldBe("Exception while writing to stream");
            // Our own lines are never held back.
            logs.CreateLogger("ChangeLedger.Quiet").LogError(broken, "Our own failure");
            lines.Select(Head).ShouldBe(["Error Wolverine.Runtime.WolverineRuntime", "Error ChangeLedger.Quiet"]);
        }
        finally
        {
            outage.Recovered();
        }
    }

    private static string Head(string line) => line[..line.IndexOf(':')];
}
