using System.Net;
using System.Net.Http.Headers;
using ChangeLedger.Cli;
using ChangeLedger.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ChangeLedger.Tests.Cli;

/// <summary>
/// When the ledger is busy or restarting, the CLI waits as long as it is asked (Retry-After as seconds or as a date),
/// otherwise backs off with jitter, so that a fleet of CI jobs turned away together do not return together.
/// </summary>
public sealed class RetryingPolitely(LedgerApp app) : IClassFixture<LedgerApp>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private async Task<(int Exit, List<TimeSpan> Waits, string Error)> Gate(Queue<HttpResponseMessage> refusals, params double[] jitter)
    {
        await (await app.Post("/v1/changes", Requests.Human($"retry-{Guid.NewGuid():N}"[..20]))).ShouldHaveStatus(201);
        var waits = new List<TimeSpan>();
        var rolls = new Queue<double>(jitter);
        var handler = new Refusing(refusals) { InnerHandler = app.Host.Server.CreateHandler() };
        using var client = new HttpClient(handler) { BaseAddress = app.Client.BaseAddress };
        var error = new StringWriter();
        var host = new CliHost(_ => client, new StringWriter(), error)
        {
            RetryDelay = TimeSpan.FromSeconds(1),
            Time = new FakeTimeProvider(Now),
            Jitter = () => rolls.Count > 0 ? rolls.Dequeue() : 0.5,
            Delay = (wait, _) => { waits.Add(wait); return Task.CompletedTask; },
            Environment = _ => null,
        };
        var exit = await LedgerCommands.Run(["--key", app.AdminKey, "trail", "--change", "no-such-change"], host);
        return (exit, waits, error.ToString());
    }

    private static HttpResponseMessage Busy(RetryConditionHeaderValue? retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = retryAfter;
        return response;
    }

    [Fact]
    public async Task retry_after_in_seconds_and_as_a_date_are_both_waited_out()
    {
        var (exit, waits, _) = await Gate(new([Busy(new(TimeSpan.FromSeconds(7))), Busy(new(Now.AddSeconds(12)))]), 0.25, 0.5);

        exit.ShouldBe(ExitCodes.Refused);
        waits.ShouldBe([TimeSpan.FromSeconds(7.25), TimeSpan.FromSeconds(12.5)]);
    }

    [Fact]
    public async Task without_retry_after_the_backoff_doubles_with_jitter()
    {
        var (_, waits, error) = await Gate(new([Busy(null), Busy(null), Busy(null)]), 0.0, 1.0, 0.5);

        waits.ShouldBe([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)]);
        error.ShouldContain("HTTP 429; retrying in 0.5s (attempt 2 of 5)");
    }

    [Fact]
    public async Task a_retry_after_longer_than_a_ci_step_should_wait_gives_up_as_unavailable()
    {
        var (exit, waits, error) = await Gate(new([Busy(new(TimeSpan.FromMinutes(10)))]));

        exit.ShouldBe(ExitCodes.Unavailable);
        waits.ShouldBeEmpty();
        error.ShouldContain("HTTP 429");
    }

    /// <summary>Answers with the queued refusals first, as a rate limiter or a restarting proxy would, then lets requests through.</summary>
    private sealed class Refusing(Queue<HttpResponseMessage> refusals) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            refusals.Count > 0 ? Task.FromResult(refusals.Dequeue()) : base.SendAsync(request, ct);
    }
}
