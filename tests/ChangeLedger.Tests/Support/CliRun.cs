using ChangeLedger.Cli;

namespace ChangeLedger.Tests.Support;

/// <summary>What one changeledger invocation printed and how it exited, raw standard output (exports) included.</summary>
public sealed record CliResult(int Exit, string Out, string Error, string Stdout)
{
    public string All => Out + Error + Stdout;
}

/// <summary>Runs the changeledger command against the in-process service, as a CI step would, with the environment given.</summary>
public static class CliRun
{
    public static async Task<CliResult> Cli(this LedgerApp app, IReadOnlyDictionary<string, string>? environment, HttpClient? client, params string[] args)
    {
        var (output, error, stdout) = (new StringWriter(), new StringWriter(), new MemoryStream());
        var host = new CliHost(_ => client ?? app.Client, output, error)
        {
            RetryDelay = TimeSpan.FromMilliseconds(1),
            Environment = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            OpenStdout = () => new NonClosing(stdout),
        };
        var exit = await LedgerCommands.Run(args, host);
        return new CliResult(exit, output.ToString(), error.ToString(), System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
    }

    public static Task<CliResult> Cli(this LedgerApp app, params string[] args) => app.Cli(null, null, args);

    /// <summary>The export command disposes what it writes to; the test still wants to read it afterwards.</summary>
    private sealed class NonClosing(Stream inner) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => inner.WriteAsync(buffer, offset, count, ct);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => inner.WriteAsync(buffer, ct);
    }
}
