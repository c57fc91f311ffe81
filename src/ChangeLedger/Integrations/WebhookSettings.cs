using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Integrations;

/// <summary>Webhooks: where they may go, how long a subscriber may take, and how failed deliveries are retried (docs/integrations.md).</summary>
public sealed class WebhookSettings
{
    public const string Section = "Webhooks";

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Webhooks:Timeout (Webhooks__Timeout) must be between {1} and {2}.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Comma-separated time spans: retried in place after each; empty or <c>none</c> skips this stage.</summary>
    public string RetryCooldowns { get; set; } = "00:00:01,00:00:05,00:00:30";

    /// <summary>Comma-separated time spans: rescheduled in the durable inbox after each, then dead-lettered.</summary>
    public string RetrySchedule { get; set; } = "00:05:00,00:30:00,02:00:00,06:00:00";

    /// <summary>
    /// Networks (CIDR, e.g. 10.20.0.0/16 or fd00:1::/64) webhooks may reach although they are loopback, private,
    /// link-local, CGNAT, unique-local or otherwise not public. Empty: public addresses only.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Plain http destinations outside Development (https is required otherwise).</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>The delays a list names, or null when one of them is not a positive time span.</summary>
    public static TimeSpan[]? Delays(string? text) =>
        text is null || text.Trim() is "" or "none" ? []
        : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is var parts
          && parts.Select(p => TimeSpan.TryParse(p, CultureInfo.InvariantCulture, out var d) && d > TimeSpan.Zero ? d : (TimeSpan?)null).ToList() is var delays
          && delays.All(d => d is not null)
            ? [.. delays.Select(d => d!.Value)]
            : null;
}

public sealed class WebhookSettingsValidation : IValidateOptions<WebhookSettings>
{
    public ValidateOptionsResult Validate(string? name, WebhookSettings settings)
    {
        var failures = new List<string>();
        if (WebhookSettings.Delays(settings.RetryCooldowns) is null)
            failures.Add($"Webhooks:RetryCooldowns (Webhooks__RetryCooldowns) must be comma-separated positive time spans or 'none'; got '{settings.RetryCooldowns}'.");
        if (WebhookSettings.Delays(settings.RetrySchedule) is null)
            failures.Add($"Webhooks:RetrySchedule (Webhooks__RetrySchedule) must be comma-separated positive time spans or 'none'; got '{settings.RetrySchedule}'.");
        foreach (var network in settings.AllowedNetworks)
            if (!System.Net.IPNetwork.TryParse(network?.Trim() ?? "", out _))
                failures.Add($"Webhooks:AllowedNetworks (Webhooks__AllowedNetworks__<n>) lists networks in CIDR notation, e.g. 10.20.0.0/16; got '{network}'.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
