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
            long written;
            await using (var destination = new CountingStream(partial is null ? common.Host.OpenStdout() : Create(partial)))
            {
                answer = await client.Download(path, destination, ct);
                written = destination.Written;
            }
            if (!answer.IsSuccess)
            {
                if (partial is not null) File.Delete(partial);
                await common.Host.Error.WriteLineAsync("changeledger: export refused: " + answer.Explain());
                return ExitCodes.ForStatus(answer.Status);
            }
            if (partial is not null) File.Move(partial, file!, overwrite: true);
            // The rows went to stdout when no file was named, so what was written is said on stderr, where it cannot join them.
            var said = $"exported {parse.GetValue(kind)} to {file ?? "stdout"} ({written} bytes)";
            await (file is null ? common.Host.Error : common.Host.Out).WriteLineAsync(said);
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

    /// <summary>Counts the bytes that pass through, so the export can say how much it wrote without buffering it.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Written += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
