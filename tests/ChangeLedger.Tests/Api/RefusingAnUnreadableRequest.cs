using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// Kestrel refuses a request line it cannot read before any middleware runs. Through a real socket, as a client
/// sends it, the refusal is still a problem document.
/// </summary>
public sealed class RefusingAnUnreadableRequest(RefusingAnUnreadableRequest.ServiceOnASocket service) : IClassFixture<RefusingAnUnreadableRequest.ServiceOnASocket>
{
    [Theory]
    [InlineData("/v1/changes/%00")]
    [InlineData("/v1/changes/a%00b/trail")]
    public async Task a_nul_in_the_path_is_a_400_problem_document(string path)
    {
        var response = await service.Raw($"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/csv\r\nConnection: close\r\n\r\n");

        response.StatusLine.ShouldBe("HTTP/1.1 400 Bad Request");
        response.Headers["content-type"].ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(response.Body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.GetProperty("type").GetString().ShouldBe("urn:changeledger:problem:bad-request");
        problem.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("/v1/changes/a%01b")]
    [InlineData("/v1/changes/a%1Fb/trail")]
    [InlineData("/v1/changes/a\u0001b")]
    [InlineData("/v1/changes/a\u007fb")]
    [InlineData("/v1/changes/a\tb")]
    public async Task another_control_character_in_the_path_reaches_the_service_and_is_refused_as_a_problem_document(string path)
    {
        var response = await service.Raw(
            $"GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {service.AdminKey}\r\nAccept: text/plain\r\nConnection: close\r\n\r\n");

        response.StatusLine.ShouldBeOneOf("HTTP/1.1 400 Bad Request", "HTTP/1.1 404 Not Found");
        response.Headers["content-type"].ShouldBe("application/problem+json");
        JsonDocument.Parse(response.Body).RootElement.GetProperty("type").GetString()!.ShouldStartWith("urn:changeledger:problem:");
    }

    [Fact]
    public async Task a_readable_request_before_it_on_the_same_connection_is_answered_as_usual()
    {
        var response = await service.Raw(
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n" +
            "GET /v1/changes/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        response.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        // The first answer is chunked; the refusal follows it on the same connection.
        var second = response.Text[response.Text.IndexOf("HTTP/1.1 ", 1, StringComparison.Ordinal)..].Split("\r\n\r\n", 2);
        second[0].ShouldStartWith("HTTP/1.1 400 Bad Request");
        second[0].ShouldContain("Content-Type: application/problem+json");
        JsonDocument.Parse(second[1]).RootElement.GetProperty("status").GetInt32().ShouldBe(400);
    }

    [Fact]
    public async Task a_header_too_large_is_a_431_problem_document()
    {
        var response = await service.Raw($"GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: {new string('a', 40_000)}\r\nConnection: close\r\n\r\n");

        response.StatusLine.ShouldStartWith("HTTP/1.1 431");
        response.Headers["content-type"].ShouldBe("application/problem+json");
        JsonDocument.Parse(response.Body).RootElement.GetProperty("status").GetInt32().ShouldBe(431);
    }

    public sealed record RawResponse(string StatusLine, Dictionary<string, string> Headers, string Body, string Text);

    /// <summary>The service as its own process (Kestrel, not the in-process test server) on the fixture's database.</summary>
    public sealed class ServiceOnASocket(IMessageSink sink) : LedgerApp(sink)
    {
        private Process? _process;
        private int _port;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                _port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ChangeLedger.dll")])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ContentRoot,
            };
            start.Environment["ConnectionStrings__Ledger"] = ConnectionString;
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_port}";
            start.Environment["Access__BootstrapAdminKey"] = AdminKey;
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(5) };
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                if (_process.HasExited) throw new InvalidOperationException($"The service exited with {_process.ExitCode}.");
                try
                {
                    if ((await http.GetAsync("/health/live")).IsSuccessStatusCode) return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }
                await Task.Delay(200);
            }
            throw new TimeoutException("The service did not start listening in time.");
        }

        /// <summary>Sends the bytes as they are and reads until the service closes the connection.</summary>
        public async Task<RawResponse> Raw(string request)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, _port);
            await using var stream = client.GetStream();
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
            using var read = new MemoryStream();
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await stream.CopyToAsync(read, bound.Token);
            var text = Encoding.UTF8.GetString(read.ToArray());
            var (head, rest) = text.Split("\r\n\r\n", 2) is [var h, var r] ? (h, r) : (text, "");
            var lines = head.Split("\r\n");
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            if (headers.TryGetValue("transfer-encoding", out var coding) && coding == "chunked") return new RawResponse(lines[0], headers, Dechunk(rest), text);
            var length = headers.TryGetValue("content-length", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var body = Encoding.UTF8.GetBytes(rest);
            return new RawResponse(lines[0], headers, Encoding.UTF8.GetString(body, 0, Math.Min(length, body.Length)), text);
        }

        private static string Dechunk(string chunked)
        {
            var body = new StringBuilder();
            for (var at = 0; ;)
            {
                var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
                var size = Convert.ToInt32(chunked[at..end], 16);
                if (size == 0) return body.ToString();
                body.Append(chunked, end + 2, size);
                at = end + 2 + size + 2;
            }
        }

        public override async Task DisposeAsync()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process?.Dispose();
            await base.DisposeAsync();
        }
    }
}
