using Microsoft.Extensions.Options;

namespace ChangeLedger.Hosting;

/// <summary>
/// Refuses bodies over the limit before anything reads them. Kestrel enforces the same limit on chunked bodies;
/// this also covers hosts without Kestrel's limit (the in-process test server) and answers in problem details.
/// </summary>
public static class RequestLimits
{
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var maxBodyBytes = http.RequestServices.GetRequiredService<IOptions<LimitsSettings>>().Value.MaxRequestBodyBytes;
            // Kestrel then stops a chunked body (no Content-Length) at the same limit while it is read.
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = maxBodyBytes;
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
