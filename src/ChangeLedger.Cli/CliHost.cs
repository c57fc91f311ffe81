namespace ChangeLedger.Cli;

/// <summary>Where the service is and who is asking, as given by --url/CHANGELEDGER_URL and --key/CHANGELEDGER_KEY.</summary>
public sealed record Connection(string? Url, string? Key)
{
    // A record prints every member; the key must never reach a log line through ToString.
    public override string ToString() => $"Connection {{ Url = {Url}, Key = {(Key is null ? "(none)" : "***")} }}";
}

/// <summary>
/// What the commands need from the outside world: a way to reach the service, where to write, the environment, the
/// clock and how to wait. Program.cs hands in the real ones; tests hand in the in-process service, captured output,
/// a made-up CI environment and a wait that only records how long it would have been.
/// </summary>
public sealed class CliHost(Func<Connection, HttpClient> connect, TextWriter output, TextWriter error)
{
    private readonly Func<Connection, HttpClient> _connect = connect;

    /// <summary>The same host writing somewhere else (through a redacting writer, say).</summary>
    public CliHost(CliHost other, TextWriter output, TextWriter error) : this(other._connect, output, error)
    {
        RetryDelay = other.RetryDelay;
        MaxRetryAfter = other.MaxRetryAfter;
        Attempts = other.Attempts;
        Environment = other.Environment;
        Time = other.Time;
        Delay = other.Delay;
        Jitter = other.Jitter;
        OpenStdout = other.OpenStdout;
        WorkingDirectory = other.WorkingDirectory;
        IdTokenClient = other.IdTokenClient;
    }

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>First wait between retries of a transient failure; it doubles on each further attempt, jittered.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest a Retry-After is honoured; a service asking for longer gets no further attempt.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public int Attempts { get; init; } = 5;

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>Where retry jitter comes from, a number in [0, 1).</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>Raw bytes to standard output: exports stream there without passing through a text writer.</summary>
    public Func<Stream> OpenStdout { get; init; } = System.Console.OpenStandardOutput;

    /// <summary>Where git is asked about commits; null: the process's current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>A client for GitHub Actions' OIDC token service.</summary>
    public Func<HttpClient> IdTokenClient { get; init; } = () => new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

    public LedgerClient Client(Connection connection) => new(_connect(connection), connection.Key, this);

    /// <summary>The real host: a client for the URL given, with a timeout suited to CI steps.</summary>
    public static CliHost Console() => new(connection =>
        {
            if (string.IsNullOrWhiteSpace(connection.Url))
                throw new CliException(ExitCodes.Config, "No service URL: pass --url or set CHANGELEDGER_URL.");
            if (!Uri.TryCreate(connection.Url.TrimEnd('/') + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new CliException(ExitCodes.Config, $"'{Redact.Url(connection.Url)}' is not an absolute http(s) URL.");
            return new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        }, System.Console.Out, System.Console.Error);
}

/// <summary>A failure the user can act on: printed as one line, with the exit code that names its kind.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
