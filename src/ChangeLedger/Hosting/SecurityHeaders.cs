namespace ChangeLedger.Hosting;

/// <summary>
/// Headers every answer carries. No type sniffing (a CSV or JSON answer never runs as a page); a Content-Security-Policy
/// under which a page runs no script at all, takes styles and images only from this site, posts forms only here and is
/// framed nowhere; no Referer to other sites (page URLs carry change ids and filters); and nothing kept in a cache
/// unless the endpoint says otherwise, since exports and signed-in pages are what a shared machine's cache would leak.
/// The API reference page (<c>/scalar</c>) loads its own script and keeps the framework's defaults but for the first two.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                if (http.Request.Path.StartsWithSegments("/scalar")) return Task.CompletedTask;
                headers.ContentSecurityPolicy = PagePolicy;
                headers.XFrameOptions = "DENY";
                if (string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(http);
        });
}
