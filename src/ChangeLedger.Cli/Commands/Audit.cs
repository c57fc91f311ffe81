using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger audit --environment E --from T1 --to T2 [--repositories R,…] [--sample N --seed S] [--since SEQ] [--output report.json]
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
        var since = new Option<long?>("--since") { Description = "The ledgerSequence of an earlier report: each release log then proves it only grew since (for audit verify --current)" };

        var command = new Command("audit", "Audit every release to an environment in a period: rule rates, overrides, exceptions, lead time, a sample")
        {
            environment, from, to, repositories, sample, seed, output, since,
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
            if (parse.GetValue(since) is { } earlier) query.Add("since=" + earlier.ToString(CultureInfo.InvariantCulture));
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
        command.Add(VerifyCommand(common));
        return command;
    }

    /// <summary>
    /// changeledger audit verify report.json --public-key key.pem [--current later.json] — offline: the checkpoint notes'
    /// signatures, each release log's root, that the releases listed are exactly the log's in the period, and, given a
    /// report taken later, that every log only grew and nothing recorded since fell into the period.
    /// </summary>
    private static Command VerifyCommand(Common common)
    {
        var file = new Argument<FileInfo>("report") { Description = "An audit report as GET /v1/audits (or changeledger audit --output) wrote it" };
        var publicKey = new Option<FileInfo>("--public-key") { Description = "The ledger's public key (changeledger public-key > key.pem)", Required = true };
        var current = new Option<FileInfo?>("--current")
        {
            Description = "A report of the same repositories taken later, asked with since=<this report's completeness.ledgerSequence>: proves the logs only grew since",
        };
        var command = new Command("verify",
            $"Verify an audit report offline: exit 0 complete and consistent, {ExitCodes.Incomplete} not, {ExitCodes.NotVerifiable} not an audit report") { file, publicKey, current };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var (report, text) = await Read(parse.GetValue(file)!, ct);
                (AuditReport Report, string Text)? later = parse.GetValue(current) is { } c ? await Read(c, ct) : null;
                using var key = ECDsa.Create();
                var keyFile = parse.GetValue(publicKey)!;
                if (!keyFile.Exists) throw new CliException(ExitCodes.NoInput, $"cannot read {keyFile.FullName}");
                try { key.ImportFromPem(await File.ReadAllTextAsync(keyFile.FullName, ct)); }
                catch (Exception ex) when (ex is ArgumentException or CryptographicException) { throw new CliException(ExitCodes.NotVerifiable, $"{keyFile}: not a PEM public key: {ex.Message}"); }
                var problems = ReleaseLog.Problems(report, text, key, later);
                foreach (var problem in problems) await common.Host.Error.WriteLineAsync("changeledger: " + problem);
                if (problems.Count > 0) return ExitCodes.Incomplete;
                await common.Host.Out.WriteLineAsync($"complete: {report.Releases?.Count ?? 0} release(s) to {report.Query.Environment} in {report.Completeness!.Logs.Count} repository release log(s), " +
                    $"signed at ledger checkpoint {report.Completeness.LedgerTreeSize}" + Heads(report.Completeness) + (later is null ? "" : $"; consistent with the report of {later.Value.Report.GeneratedAt:O}"));
                return ExitCodes.Ok;
            }
            catch (CliException ex)
            {
                await common.Host.Error.WriteLineAsync("changeledger: " + ex.Message);
                return ex.ExitCode;
            }
        });
        return command;
    }

    /// <summary>Whether the checkpoint tied each log to itself: checkpoints taken before they committed to release-log heads did not.</summary>
    private static string Heads(AuditCompleteness proof) =>
        SignedNote.Parse(proof.LedgerCheckpoint) is { } note && ReleaseHeads.Committed(note) is not null
            ? $"; each release log is the head ledger checkpoint {proof.LedgerTreeSize} commits to"
            : "; the checkpoint commits to no release-log heads (taken before checkpoints did), so each log is proven against its own signed note only";

    private static async Task<(AuditReport Report, string Text)> Read(FileInfo file, CancellationToken ct)
    {
        if (!file.Exists) throw new CliException(ExitCodes.NoInput, $"cannot read {file.FullName}");
        try
        {
            var text = await File.ReadAllTextAsync(file.FullName, ct);
            var report = JsonSerializer.Deserialize<AuditReport>(text, LedgerClient.Json);
            return report is { Type: AuditReport.ReportType } ? (report, text) : throw new CliException(ExitCodes.NotVerifiable, $"{file}: not an audit report ({AuditReport.ReportType})");
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.NotVerifiable, $"{file}: not an audit report: {ex.Message}");
        }
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
