namespace ChangeLedger.Cli;

/// <summary>Where the service is and who is asking, as given by --url/CHANGELEDGER_URL and --key/CHANGELEDGER_KEY.</summary>
public sealed record Connection(string? Url, string? Key);

/// <summary>
/// What the commands need from the outside world: a way to reach the service, and where to write. Program.cs makes an
/// HttpClient for the URL; tests hand in the in-process service's client and capture the output.
/// </summary>
public sealed class CliHost(Func<Connection, HttpClient> connect, TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>First wait between retries of a transient failure; it doubles on each further attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public int Attempts { get; init; } = 5;

    /// <summary>Raw bytes to standard output: exports stream there without passing through a text writer.</summary>
    public Func<Stream> OpenStdout { get; init; } = System.Console.OpenStandardOutput;

    public LedgerClient Client(Connection connection) => new(connect(connection), connection.Key, this);

    /// <summary>The real host: a client for the URL given, with a timeout suited to CI steps.</summary>
    public static CliHost Console() => new(connection =>
        {
            if (string.IsNullOrWhiteSpace(connection.Url))
                throw new CliException("No service URL: pass --url or set CHANGELEDGER_URL.");
            if (!Uri.TryCreate(connection.Url.TrimEnd('/') + "/", UriKind.Absolute, out var url))
                throw new CliException($"'{connection.Url}' is not an absolute URL.");
            return new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        }, System.Console.Out, System.Console.Error);
}

/// <summary>A failure the user can act on: printed as one line, exit code 2.</summary>
public sealed class CliException(string message) : Exception(message);
