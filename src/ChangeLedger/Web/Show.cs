using ChangeLedger.Contracts;

namespace ChangeLedger.Web;

/// <summary>How the pages write times, statuses and links: one way everywhere.</summary>
public static class Show
{
    /// <summary>Every time on every page: ISO 8601, UTC, 24-hour, to the millisecond (<c>2026-03-02T14:05:09.120Z</c>).</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? t) => t is { } v ? Time(v) : "";

    /// <summary>A day, as the charts' axes and the period headings name it: ISO 8601 (<c>2026-03-02</c>).</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// What a time field holds and sends: the same text as <see cref="Time(DateTimeOffset)"/>. The fields are plain text, not the
    /// browser's date pickers, whose display follows the reader's locale (12-hour clocks, local zones); a reader types
    /// and reads one form only.
    /// </summary>
    public static string Input(DateTimeOffset? t) => Time(t);

    /// <summary>What a time field accepts, for the browser to check before sending (the server checks again with <see cref="Parse"/>).</summary>
    public const string InputPattern = @"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?Z?";

    public const string InputHint = "ISO 8601, UTC: " + InputExample;

    public const string InputExample = "2026-03-02T14:05:09Z";

    private static readonly string[] Forms =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'Z'", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz",
    ];

    /// <summary>
    /// A time from a query or a field: ISO 8601 only (a date, or a date and a 24-hour time), in UTC when no offset is
    /// written; null when absent or in any other form, which the pages answer with 400 and the form expected.
    /// </summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParseExact(text?.Trim(), Forms, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    public static string Status(ChangeStatus status) => Wire.Status(status).Replace('_', ' ');

    public static string Origin(Origin origin) =>
        origin.Kind == OriginKind.Human
            ? "human"
            : $"generated{(origin.Tool is { } tool ? " by " + tool : "")}{(origin.Model is { } model ? $" ({model})" : "")}{(origin.RequestedBy is { } who ? " for " + who : "")}";

    public static string Change(string changeId) => "/changes/" + Uri.EscapeDataString(changeId);

    public static string Repository(string repository) => "/repositories/" + string.Join('/', repository.Split('/').Select(Uri.EscapeDataString));

    public static string Environment(string environment) => "/environments/" + Uri.EscapeDataString(environment);

    /// <summary>The change's page as the ledger stood right after the event at <paramref name="version"/>.</summary>
    public static string ChangeAt(string changeId, long version) => Change(changeId) + "?atVersion=" + version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    /// <summary>"1 rule", "3 rules": counts in words on badges and rows.</summary>
    public static string Count(int n, string one, string many) => $"{n.ToString(System.Globalization.CultureInfo.InvariantCulture)} {(n == 1 ? one : many)}";
}

/// <summary>A page's answer other than 200: the page itself is the body, so the API's problem-document status pages stay out of it.</summary>
public static class PageStatus
{
    public static void Set(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
    }
}
