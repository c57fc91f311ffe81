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
/// Integrity:Witness:Url (the note POSTed as text/plain; any answer but 2xx is a failure). A failure is retried by
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

    /// <summary>The newest checkpoint in the witness directory (the largest tree), or null when it holds none.</summary>
    public static async Task<(string Path, string Note)?> Latest(WitnessSettings witnesses, CancellationToken ct)
    {
        if (WitnessDirectory(witnesses) is not { } directory || !Directory.Exists(directory)) return null;
        var newest = Directory.GetFiles(directory, "*.checkpoint").Order(StringComparer.Ordinal).LastOrDefault();
        return newest is null ? null : (newest, await File.ReadAllTextAsync(newest, ct));
    }
}
