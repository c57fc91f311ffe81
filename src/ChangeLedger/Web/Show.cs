using ChangeLedger.Contracts;

namespace ChangeLedger.Web;

/// <summary>How the pages write times, statuses and links: one way everywhere.</summary>
public static class Show
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? t) => t is { } v ? Time(v) : "";

    /// <summary>
    /// The value a <c>datetime-local</c> input takes (the pages read it as UTC), in the HTML's normalized form: the
    /// shortest time string, so seconds only when not zero and no trailing zeros in the fraction. A browser rewrites
    /// any other form to this one, so what a page writes is exactly what the input holds and sends back.
    /// </summary>
    public static string Input(DateTimeOffset? t)
    {
        if (t is not { } v) return "";
        var utc = v.UtcDateTime;
        var format = utc.Second == 0 && utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss.FFF";
        return utc.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A time from a query: an ISO 8601 instant, or a <c>datetime-local</c> value taken as UTC; null when absent or unreadable.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>The members a recorded CDEvent was flagged nonconforming for (its event's <c>nonconforming</c>), comma-separated; null when it was not.</summary>
    public static string? Nonconforming(System.Text.Json.JsonElement data) =>
        data.ValueKind == System.Text.Json.JsonValueKind.Object && data.TryGetProperty("nonconforming", out var members) && members.ValueKind == System.Text.Json.JsonValueKind.Array
            ? string.Join(", ", members.EnumerateArray().Select(m => m.GetString())) : null;

    public static string Status(ChangeStatus status) => Wire.Status(status).Replace('_', ' ');

    public static string Origin(Origin origin) =>
        origin.Kind == OriginKind.Human
            ? "human"
            : $"generated{(origin.Tool is { } tool ? " by " + tool : "")}{(origin.Model is { } model ? $" ({model})" : "")}{(origin.RequestedBy is { } who ? " for " + who : "")}";

    public static string Change(string changeId) => "/changes/" + Uri.EscapeDataString(changeId);

    public static string Repository(string repository) => "/repositories/" + string.Join('/', repository.Split('/').Select(Uri.EscapeDataString));

    public static string Environment(string environment) => "/environments/" + Uri.EscapeDataString(environment);
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
