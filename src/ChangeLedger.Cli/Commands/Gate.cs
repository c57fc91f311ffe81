using System.CommandLine;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger gate --change X --environment prod — asks for a fresh verdict (not recorded) before deploying.
/// Exit 0 when ready, 1 when not (every failed rule printed); the codes of ExitCodes when the question could not be answered.
/// </summary>
public static class Gate
{
    public static Command Create(Common common)
    {
        var change = Common.Change();
        var environment = Common.Required("--environment", "Where the change would go, e.g. prod");

        var command = new Command("gate", "Ask whether the change may be released now; exit 0 ready, 1 not ready") { change, environment };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var path = Common.Path(parse.GetValue(change)!, $"/readiness?environment={Uri.EscapeDataString(parse.GetValue(environment)!)}");
            var answer = await client.Get(path, ct);
            if (!answer.IsSuccess)
            {
                if (json) await common.Host.Out.WriteLineAsync(answer.Body);
                await common.Host.Error.WriteLineAsync("changeledger: the gate could not answer: " + answer.Explain());
                return ExitCodes.ForStatus(answer.Status);
            }
            var verdict = answer.Read<ReleaseVerdict>();
            if (json) await common.Host.Out.WriteLineAsync(answer.Body);
            else await Print(common.Host.Out, verdict);
            return verdict.Ready ? ExitCodes.Ok : ExitCodes.NotReady;
        }));
        return command;
    }

    public static async Task Print(TextWriter output, ReleaseVerdict verdict)
    {
        var failed = verdict.Rules.Where(r => !r.Passed).ToList();
        await output.WriteLineAsync(verdict.Ready
            ? $"READY: {verdict.ChangeId} may be released to {verdict.Environment} (policy {verdict.PolicyRepository} v{verdict.PolicyVersion}, {verdict.Rules.Count} rules passed)."
            : $"NOT READY: {verdict.ChangeId} may not be released to {verdict.Environment}; {failed.Count} of {verdict.Rules.Count} rules failed:");
        foreach (var rule in failed) await output.WriteLineAsync($"  FAILED {rule.Rule}: {rule.Detail}");
    }
}
