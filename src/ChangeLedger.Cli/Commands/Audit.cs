using System.CommandLine;
using System.Globalization;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger audit --environment E --from T1 --to T2 [--repositories R,…] [--sample N --seed S] [--output report.json]
/// — asks GET /v1/audits, keeps the report as the ledger answered it (--output) and prints its figures: per repository
/// and in total, the releases, how they went through the gate, each rule's share, and the exceptions with their trails.
/// </summary>
public static class Audit
{
    public static Command Create(Common common)
    {
        var environment = Common.Required("--environment", "The environment the releases went to, e.g. prod");
        var from = new Option<DateTimeOffset>("--from") { Description = "Start of the period, by the ledger's recording time (RFC 3339)", Required = true };
        var to = new Option<DateTimeOffset>("--to") { Description = "End of the period, exclusive (RFC 3339)", Required = true };
        var repositories = Common.Optional("--repositories", "Comma-separated repositories or patterns (default: every one the key sees)");
        var sample = new Option<int?>("--sample") { Description = "Draw a sample of this many releases" };
        var seed = Common.Optional("--seed", "The sample's seed (default: the ledger picks one and the report names it)");
        var output = Common.Optional("--output", "Write the report (JSON, as the ledger answered) to this file");

        var command = new Command("audit", "Audit every release to an environment in a period: rule rates, overrides, exceptions, lead time, a sample")
        {
            environment, from, to, repositories, sample, seed, output,
        };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var query = new List<string>
            {
                "environment=" + Uri.EscapeDataString(parse.GetValue(environment)!),
                "from=" + Uri.EscapeDataString(parse.GetValue(from).ToString("O", CultureInfo.InvariantCulture)),
                "to=" + Uri.EscapeDataString(parse.GetValue(to).ToString("O", CultureInfo.InvariantCulture)),
            };
            if (parse.GetValue(repositories) is { } r) query.Add("repositories=" + Uri.EscapeDataString(r));
            if (parse.GetValue(sample) is { } n) query.Add("sample=" + n.ToString(CultureInfo.InvariantCulture));
            if (parse.GetValue(seed) is { } s) query.Add("seed=" + Uri.EscapeDataString(s));
            var answer = await client.Get("v1/audits?" + string.Join('&', query), ct);
            if (json || !answer.IsSuccess) return await common.Report(answer, json, () => "");
            if (parse.GetValue(output) is { } file)
            {
                try { await File.WriteAllTextAsync(file, answer.Body, ct); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw new CliException(ExitCodes.CannotCreate, $"cannot write {file}: {ex.Message}"); }
            }
            foreach (var line in Describe(answer.Read<AuditReport>())) await common.Host.Out.WriteLineAsync(line);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static IEnumerable<string> Describe(AuditReport report)
    {
        var q = report.Query;
        yield return $"audit of releases to {q.Environment} recorded in [{q.From:yyyy-MM-ddTHH:mm:ss.fffZ}, {q.To:yyyy-MM-ddTHH:mm:ss.fffZ})" +
                     (q.Repositories.Count == 0 ? "" : " in " + string.Join(", ", q.Repositories)) + $", as of ledger sequence {report.HighWaterMark}";
        foreach (var figures in report.Repositories.Append(report.Total)) foreach (var line in Describe(figures)) yield return line;
        yield return report.Exceptions.Count == 0 ? "exceptions: none" : $"exceptions: {report.Exceptions.Count}";
        foreach (var e in report.Exceptions)
            yield return $"  {e.ChangeId} ({e.Repository}) {e.Kind}" + (e.Override is { } o ? $" by {o.By}: \"{o.Justification}\"" : "") +
                         (e.FailedRules.Count == 0 ? "" : "; failed " + string.Join(", ", e.FailedRules)) + $"; trail {e.Trail}";
        if (report.Sample is { } sampled)
        {
            yield return $"sample of {sampled.Size} with seed {sampled.Seed}:";
            foreach (var s in sampled.Releases) yield return $"  {s.ChangeId} ({s.Repository}) version {s.EventVersion}; trail {s.Trail}";
        }
    }

    private static IEnumerable<string> Describe(AuditFigures f)
    {
        yield return $"{f.Repository ?? "total"}: {f.Releases} release(s), {f.ThroughTheGate} through the gate, {f.Overridden} overridden, " +
                     $"{f.OutsideTheGate} outside the gate, {f.OpenIncidentsAtRelease} with an open incident; median lead time " +
                     (f.MedianLeadTimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture) : "-");
        foreach (var rule in f.Rules) yield return $"  {rule.Rule}: {rule.Met}/{rule.Applied} met" + (rule.Share is { } share ? $" ({share.ToString("P1", CultureInfo.InvariantCulture)})" : "");
    }
}
