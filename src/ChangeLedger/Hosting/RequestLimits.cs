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
            await next(http);
        });
}
