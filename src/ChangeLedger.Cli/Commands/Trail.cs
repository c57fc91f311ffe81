using System.CommandLine;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>changeledger trail — every event of a change, in order, with both clocks.</summary>
public static class Trail
{
    public static Command Create(Common common)
    {
        var change = Common.Change();
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "The trail as the ledger knew it at that moment" };

        var command = new Command("trail", "Print a change's audit trail") { change, asOf };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var query = parse.GetValue(asOf) is { } at ? $"?asOf={Uri.EscapeDataString(at.ToString("O"))}" : "";
            var answer = await client.Get(Common.Path(parse.GetValue(change)!, "/trail" + query), ct);
            if (json || !answer.IsSuccess) return await common.Report(answer, json, () => "");
            var trail = answer.Read<AuditTrail>();
            foreach (var e in trail.Events)
                await common.Host.Out.WriteLineAsync($"v{e.Version} {e.OccurredAt:yyyy-MM-ddTHH:mm:ssZ} {e.Type} by {e.Actor} (recorded {e.RecordedAt:yyyy-MM-ddTHH:mm:ssZ})");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
