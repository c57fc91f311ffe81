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
            await next(http);
        });
}
