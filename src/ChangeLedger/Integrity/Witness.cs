using System.Globalization;
using ChangeLedger.Contracts.Integrity;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace ChangeLedger.Integrity;

/// <summary>A checkpoint note to hand to every configured witness, outside the database.</summary>
public sealed record WitnessCheckpoint(long TreeSize, string Note);

/// <summary>
/// Where checkpoints are kept outside the database: Integrity:Witness:Directory (one file per checkpoint,
/// {tree size, 20 digits}.checkpoint, written whole then renamed, so a reader never sees half a note) and
/// Integrity:Witness:Url (the note POSTed as text/plain; any answer but 2xx is a failure), and Integrity:Witness:Git
/// (a commit per checkpoint in a git repository: see <see cref="GitWitness"/>). A failure is retried by
/// Wolverine (at once, then after 1, 5 and 30 seconds, then every few minutes); the message stays in the durable inbox
/// until a witness has it, and lands in Wolverine's dead letters after the last attempt.
/// </summary>
public static class WitnessCheckpointHandler
{
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30))
            .Then.ScheduleRetry(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));

    public static async Task Handle(WitnessCheckpoint message, Microsoft.Extensions.Options.IOptions<IntegritySettings> settings, IHttpClientFactory http, ILogger<WitnessCheckpoint> log, CancellationToken ct)
    {
        if (WitnessDirectory(settings.Value.Witness) is { } directory)
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, FileName(message.TreeSize));
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await File.WriteAllTextAsync(temp, message.Note, ct);
            File.Move(temp, path, overwrite: true);
        }
        if (GitWitness.From(settings.Value.Witness) is { } git) await git.Commit(message.TreeSize, message.Note, ct);
        if (settings.Value.Witness.Url is { Length: > 0 } url)
        {
            using var response = await http.CreateClient("witness").PostAsync(url, new StringContent(message.Note, System.Text.Encoding.UTF8, "text/plain"), ct);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"The witness at {url} answered {(int)response.StatusCode} to the checkpoint of size {message.TreeSize}.");
        }
        log.LogInformation("Checkpoint of size {TreeSize} handed to the witnesses", message.TreeSize);
    }

    public static string? WitnessDirectory(WitnessSettings witnesses) =>
        witnesses.Directory is { Length: > 0 } directory ? directory : null;

    public static string FileName(long treeSize) => treeSize.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint";

    /// <summary>The newest checkpoint a witness the ledger can read holds (the directory, the git repository): the largest tree; null when none holds one.</summary>
    public static async Task<(string Path, string Note)?> Latest(WitnessSettings witnesses, CancellationToken ct)
    {
        (string Path, string Note)? fromDirectory = null;
        if (WitnessDirectory(witnesses) is { } directory && Directory.Exists(directory)
            && Directory.GetFiles(directory, "*.checkpoint").Order(StringComparer.Ordinal).LastOrDefault() is { } newest)
            fromDirectory = (newest, await File.ReadAllTextAsync(newest, ct));
        var fromGit = GitWitness.From(witnesses) is { } git ? await git.Latest(ct) : null;
        return (fromDirectory, fromGit) switch
        {
            (null, var g) => g,
            (var d, null) => d,
            ({ } d, { } g) => Size(g.Note) > Size(d.Note) ? g : d,
        };
    }

    private static long Size(string note) => SignedNote.Parse(note)?.TreeSize ?? -1;
}
