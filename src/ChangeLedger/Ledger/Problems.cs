using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChangeLedger.Ledger;

public static class Problems
{
    public static IResult Result(Problem problem) => TypedResults.Problem(Details(problem));

    public static ProblemDetails Details(Problem problem)
    {
        var details = problem.Errors is { } errors
            ? new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            : new ProblemDetails();
        details.Status = problem.Status;
        details.Type = problem.TypeUri;
        details.Title = problem.Title;
        details.Detail = problem.Detail;
        return details;
    }

    public static IServiceCollection AddLedgerProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Problems the framework raises itself (404 for an unknown route, 405, 415, …) get a type of ours too,
            // so a client can rely on every error carrying one.
            if (ctx.ProblemDetails.Type is null || ctx.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                ctx.ProblemDetails.Type = Problem.TypePrefix + ctx.ProblemDetails.Status switch
                {
                    400 => "bad-request",
                    401 => "unauthenticated",
                    403 => "forbidden",
                    404 => "not-found",
                    405 => "method-not-allowed",
                    413 => "payload-too-large",
                    415 => "unsupported-media-type",
                    429 => "rate-limited",
                    _ => "http-" + ctx.ProblemDetails.Status,
                };
            ctx.ProblemDetails.Detail ??= ctx.ProblemDetails.Status switch
            {
                404 => $"Nothing is served at {ctx.HttpContext.Request.Path}.",
                405 => $"{ctx.HttpContext.Request.Method} is not allowed on {ctx.HttpContext.Request.Path}.",
                415 => "Send the body as application/json.",
                _ => ctx.ProblemDetails.Title,
            };
            ctx.ProblemDetails.Extensions.Remove("traceId");
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
        });
        // After the default writer, so it only answers what that one declines: a client whose Accept names no JSON.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWhateverAccept>();
        services.AddExceptionHandler<LedgerExceptionHandler>();
        return services;
    }
}

/// <summary>
/// The framework's writer declines a client whose Accept is text/csv or text/plain, and a 401 or 403 then had no
/// body at all (the authentication handler threw). An error is a problem document whatever the client accepts:
/// a CSV client that gets one still learns why.
/// </summary>
public sealed class ProblemJsonWhateverAccept(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var details = context.ProblemDetails;
        details.Status ??= response.StatusCode;
        details.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(response.StatusCode);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(response.WriteAsJsonAsync(details, details.GetType(), json.Value.SerializerOptions, "application/problem+json"));
    }
}

/// <summary>Turns what escapes an endpoint into problem details; nothing is swallowed, 5xx are logged.</summary>
public sealed class LedgerExceptionHandler(IProblemDetailsService problems, ILogger<LedgerExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Map(exception);
        if (problem.Status == 503)
        {
            // The outage is logged once by its tracker, not once per request; the client is told when to come back.
            http.RequestServices.GetRequiredService<DatabaseOutage>().Failed(exception);
            http.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (problem.Status >= 500) log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = problem.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = Problems.Details(problem), Exception = exception });
    }

    internal static Problem Map(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => Malformed(json),
        BadHttpRequestException { StatusCode: 413 } => new(413, "payload-too-large", "The request body is too large", exception.Message),
        BadHttpRequestException { StatusCode: 415 } bad => new(415, "unsupported-media-type", "Unsupported content type",
            bad.Message.Contains("charset", StringComparison.Ordinal) ? bad.Message : "Send the body as application/json."),
        // A web form posted without its antiforgery token, or with one from another session (cross-site request forgery, or a stale page).
        Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException or BadHttpRequestException { InnerException: Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException } =>
            new(400, "antiforgery", "The form's antiforgery token is missing or invalid", "Load the page again and send the form from it; nothing was done."),
        BadHttpRequestException bad => new(bad.StatusCode, "bad-request", "The request could not be read", bad.Message),
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException => new(409, "version-mismatch", "The change has moved on", exception.Message),
        ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException =>
            new(409, "change-exists", "The change already exists", "A change with that id is already recorded; nothing was stored."),
        _ when DatabaseOutage.IsOutage(exception) => new(503, "database-unavailable", "The ledger's database is unavailable",
            $"PostgreSQL cannot be reached or did not answer in time; nothing was recorded by this request. Retry after {DatabaseOutage.RetryAfterSeconds} seconds (a write with its eventId is safe to repeat)."),
        OperationCanceledException => new(499, "client-closed-request", "The client closed the request", "The request was cancelled."),
        _ => new(500, "internal", "The ledger failed to answer", "An unexpected error occurred; nothing was recorded by this request. It has been logged."),
    };

    private static Problem Malformed(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        var message = json.Message.Split(" Path:", 2)[0];
        // Say what is wrong in the API's words; .NET type names mean nothing to a client.
        message = System.Text.RegularExpressions.Regex.Replace(message,
            @"^The JSON property '([^']*)' could not be mapped to any \.NET member contained in type '[^']*'\.$",
            "Unknown member '$1': this endpoint does not accept it.");
        message = System.Text.RegularExpressions.Regex.Replace(message, @" ?(Path|LineNumber|BytePositionInLine): [^|]*", "").Trim();
        if (message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
            message = field == "body"
                ? "The body is not a JSON object of the shape this endpoint takes."
                : $"'{field}' has a value of the wrong type, or a value that is not one of those allowed (see the OpenAPI document).";
        return new(400, "malformed-json", "The request body is not valid for this endpoint", message,
            new Dictionary<string, string[]> { [field] = [message] });
    }
}
