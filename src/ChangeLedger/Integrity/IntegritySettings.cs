using Microsoft.Extensions.Options;

namespace ChangeLedger.Integrity;

/// <summary>Integrity: the signing key and the keys it replaced, the log's name, when checkpoints are taken, the witnesses.</summary>
public sealed class IntegritySettings
{
    public const string Section = "Integrity";

    /// <summary>How often a checkpoint is scheduled; 00:00:00 switches the schedule off.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a missing sequence number may stay missing before a checkpoint passes over it (see LogCheckpoints).</summary>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The current key's PEM (PKCS#8 or SEC1); from a secret store in production.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>A file holding that PEM (a mounted secret); read when SigningKeyPem is not set.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>When the current key took over from the newest retired one.</summary>
    public DateTimeOffset? SigningKeySince { get; set; }

    public string LogOrigin { get; set; } = "changeledger.local/ledger";

    public List<RetiredKeySettings> RetiredKeys { get; set; } = [];

    public WitnessSettings Witness { get; set; } = new();
}

/// <summary>A key the ledger signed with before a rotation: its public half only, and the period it signed in.</summary>
public sealed class RetiredKeySettings
{
    public string? PublicKeyPem { get; set; }
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? Until { get; set; }
}

/// <summary>Where checkpoint notes are kept outside the database.</summary>
public sealed class WitnessSettings
{
    public string? Directory { get; set; }
    public string? Url { get; set; }
    public GitWitnessSettings Git { get; set; } = new();
}

/// <summary>Integrity:Witness:Git: a git repository that receives a commit per checkpoint (see <see cref="GitWitness"/>).</summary>
public sealed class GitWitnessSettings
{
    public string? Repository { get; set; }
    public string Branch { get; set; } = "checkpoints";
    public string? Remote { get; set; }
}

/// <summary>
/// The checks a start makes on Integrity beyond single values: the intervals, the witness address, and the keys
/// themselves, by building the signing key exactly as the service will (its constructor is the one place a key is judged).
/// </summary>
public sealed class IntegritySettingsValidation(IHostEnvironment environment) : IValidateOptions<IntegritySettings>
{
    public ValidateOptionsResult Validate(string? name, IntegritySettings settings)
    {
        var failures = new List<string>();
        if (settings.CheckpointInterval < TimeSpan.Zero)
            failures.Add("Integrity:CheckpointInterval (Integrity__CheckpointInterval) must be 00:00:00 (off) or more.");
        if (settings.GapTimeout <= TimeSpan.Zero)
            failures.Add("Integrity:GapTimeout (Integrity__GapTimeout) must be more than 00:00:00.");
        if (settings.Witness.Url is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            failures.Add("Integrity:Witness:Url (Integrity__Witness__Url) must be an absolute http or https address.");
        if (failures.Count == 0)
        {
            try
            {
                using var _ = new SigningKey(settings, environment.ContentRootPath);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                failures.Add(ex.Message);
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
