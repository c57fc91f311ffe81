using ChangeLedger.Hosting;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ChangeLedger.Access;

/// <summary>
/// A token bucket per key (per client address before authentication), so one flooding pipeline slows down
/// alone. Refusals are 429 with Retry-After: the caller is told to wait, not that the service is down.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddLedgerRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((o, settings) =>
        {
            var (perSecond, burst) = (settings.Value.PermitsPerSecond, settings.Value.Burst);
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(Partition(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429, Type = Problem.TypePrefix + "rate-limited", Title = "Too many requests",
                        Detail = $"This key sent more than {perSecond} requests per second (burst {burst}). Retry after {seconds} s; batch with POST /v1/events.",
                    },
                });
            };
        });
        return services;
    }

    private static string Partition(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? "key:" + http.User.KeyId() : "ip:" + http.Connection.RemoteIpAddress;
}
