using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Deploy;

/// <summary>
/// deploy/local/postgres.sh, which ./run.sh and ./test.sh start PostgreSQL with, when its port is taken after it checked
/// the port and before the server bound it (another cluster starting at the same moment): it starts on another port and
/// says so in one line, instead of failing with pg_ctl's output.
/// </summary>
public sealed class StartingTheLocalPostgreSql
{
    [Fact]
    public async Task a_port_taken_between_the_check_and_the_bind_is_passed_over_for_another()
    {
        // A socket bound and not listening: connecting to it fails, as to a free port, but the server cannot bind it.
        using var taken = BoundNotListening();
        var port = taken.Port;
        var root = Path.Combine("/var/tmp", "changeledger-pgrace-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "port"), port.ToString());
        try
        {
            var (exit, output, error) = await PostgresSh(root, "start");

            exit.ShouldBe(0, error);
            error.ShouldContain($"port {port} was taken as the server started; trying another");
            error.ShouldNotContain("pg_ctl");
            var url = new Npgsql.NpgsqlConnectionStringBuilder(output.Trim());
            url.Port.ShouldNotBe(port);
            await using var connection = new Npgsql.NpgsqlConnection(url.ConnectionString);
            await connection.OpenAsync();
        }
        finally
        {
            await PostgresSh(root, "stop");
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task a_server_that_does_not_start_for_another_reason_is_one_line_naming_the_reason_and_the_log()
    {
        var root = Path.Combine("/var/tmp", "changeledger-pgfail-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (exit, _, error) = await PostgresSh(root, "start", ("CHANGELEDGER_PG_OPTIONS", "-c no_such_setting=1"));

            exit.ShouldBe(1);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("initialising", StringComparison.Ordinal)).ToList();
            lines.ShouldHaveSingleItem().ShouldBe(
                $"postgres.sh: PostgreSQL did not start: unrecognized configuration parameter \"no_such_setting\"; see {root}/server.log, or set ConnectionStrings__Ledger to a server of your own");
        }
        finally { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }
    }

    /// <summary>
    /// Straight from libc, without SO_REUSEADDR: .NET's sockets set it on Unix, and the server (which sets it too) could
    /// then bind beside one that is not listening.
    /// </summary>
    private static RawSocket BoundNotListening()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var fd = RawSocket.socket(2, 1, 0); // AF_INET, SOCK_STREAM
        if (fd < 0) throw new InvalidOperationException("socket() failed: " + Marshal.GetLastPInvokeError());
        byte[] address = [2, 0, (byte)(port >> 8), (byte)port, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        if (RawSocket.bind(fd, address, address.Length) != 0) throw new InvalidOperationException("bind() failed: " + Marshal.GetLastPInvokeError());
        return new RawSocket(fd, port);
    }

    private sealed class RawSocket(int fd, int port) : IDisposable
    {
        public int Port => port;

        public void Dispose() => close(fd);

        [DllImport("libc", SetLastError = true)]
        internal static extern int socket(int domain, int type, int protocol);

        [DllImport("libc", SetLastError = true)]
        internal static extern int bind(int fd, byte[] address, int length);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);
    }

    private static async Task<(int Exit, string Output, string Error)> PostgresSh(string root, string verb, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(Path.Combine(PostgresServer.RepositoryRoot(), "deploy", "local", "postgres.sh"), [verb])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["CHANGELEDGER_PG_ROOT"] = root;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
