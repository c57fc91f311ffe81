namespace ChangeLedger.Hosting;

/// <summary>
/// Refuses bodies over the limit before anything reads them. Kestrel enforces the same limit on chunked bodies;
/// this also covers hosts without Kestrel's limit (the in-process test server) and answers in problem details.
/// </summary>
public static class RequestLimits
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static long MaxBodyBytes(IConfiguration configuration) =>
        configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? DefaultMaxBodyBytes;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var max = MaxBodyBytes(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = max);
        return builder;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app, long maxBodyBytes) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > maxBodyBytes)
                throw new BadHttpRequestException(
                    $"The request body has {http.Request.ContentLength} bytes; the limit is {maxBodyBytes}. Split large batches.", 413);
            if (NotUtf8(http.Request.ContentType) is { } charset)
                throw new BadHttpRequestException($"The body is declared as charset '{charset}'; the ledger reads JSON in UTF-8 only (RFC 8259). Send charset=utf-8 or none.", 415);
            await next(http);
        });

    /// <summary>
    /// The charset a body is declared in when it is not UTF-8. JSON travels in UTF-8; the framework would otherwise
    /// transcode from whatever is named, and an unknown or mismatched name failed as a 500 instead of a refusal.
    /// </summary>
    public static string? NotUtf8(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
            && media.Charset is { Length: > 0 } charset && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("\"utf-8\"", StringComparison.OrdinalIgnoreCase)
            ? charset.ToString() : null;
}
