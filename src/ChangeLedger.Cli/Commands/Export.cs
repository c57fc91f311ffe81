using System.CommandLine;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger export ownership|trail — streams GET /v1/exports/{kind} to a file or stdout as it arrives, so an export
/// of any size never sits in memory. The service decides the rows and their format.
/// </summary>
public static class Export
{
    public static Command Create(Common common)
    {
        var kind = new Argument<string>("kind") { Description = "ownership or trail" };
        kind.AcceptOnlyFromAmong("ownership", "trail");
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start of the period (RFC 3339)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End of the period (RFC 3339)" };
        var repository = Common.Optional("--repository", "Only this repository");
        var format = Common.Optional("--format", "csv or ndjson (the service's default when absent)");
        var output = Common.Optional("--output", "Write to this file instead of stdout");

        var command = new Command("export", "Stream a compliance export to a file or stdout") { kind, from, to, repository, format, output };
        command.SetAction((parse, ct) => common.Run(parse, async (client, _) =>
        {
            var query = new List<string>();
            if (parse.GetValue(from) is { } f) query.Add("from=" + Uri.EscapeDataString(f.ToString("O")));
            if (parse.GetValue(to) is { } t) query.Add("to=" + Uri.EscapeDataString(t.ToString("O")));
            if (parse.GetValue(repository) is { } r) query.Add("repository=" + Uri.EscapeDataString(r));
            if (parse.GetValue(format) is { } fmt) query.Add("format=" + Uri.EscapeDataString(fmt));
            var path = $"v1/exports/{parse.GetValue(kind)}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");

            var file = parse.GetValue(output);
            // Written to a temporary name first, so a failed or refused export never leaves a truncated file behind.
            var partial = file is null ? null : file + ".partial";
            LedgerAnswer answer;
            await using (var destination = partial is null ? common.Host.OpenStdout() : Create(partial))
                answer = await client.Download(path, destination, ct);
            if (!answer.IsSuccess)
            {
                if (partial is not null) File.Delete(partial);
                await common.Host.Error.WriteLineAsync("changeledger: export refused: " + answer.Explain());
                return ExitCodes.ForStatus(answer.Status);
            }
            if (partial is not null) File.Move(partial, file!, overwrite: true);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static FileStream Create(string path)
    {
        try
        {
            return File.Create(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.CannotCreate, $"cannot write {path}: {ex.Message}");
        }
    }
}
