using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ChangeLedger.Tests.Support;

/// <summary>
/// A second PostgreSQL cluster streaming from the test server: <c>pg_basebackup -R</c> of it into a folder of its own, then
/// started as a hot standby on a free port (as the 'postgres' user when the tests run as root). Stopped and deleted at
/// the end. It needs the server's binaries on this machine and replication allowed from 127.0.0.1, as the local cluster
/// of deploy/local/postgres.sh has.
/// </summary>
public sealed class HotStandby : IAsyncDisposable
{
    private readonly string _folder;
    private readonly int _port;
    private readonly NpgsqlConnectionStringBuilder _primary;

    private HotStandby(string folder, int port, NpgsqlConnectionStringBuilder primary) => (_folder, _port, _primary) = (folder, port, primary);

    /// <summary>The same database, on the standby.</summary>
    public string ConnectionString(string primaryConnectionString) =>
        new NpgsqlConnectionStringBuilder(primaryConnectionString) { Host = "127.0.0.1", Port = _port }.ConnectionString;

    public static async Task<HotStandby> Of(string primaryConnectionString)
    {
        var primary = new NpgsqlConnectionStringBuilder(primaryConnectionString);
        // Under /var/tmp, not the user's temp folder: the server's own user must reach it when the tests run as root.
        var folder = Path.Combine("/var/tmp", "changeledger-standby-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        if (IsRoot) await Run("chown", ["postgres", folder], asOwner: false);
        var standby = new HotStandby(folder, FreePort(), primary);
        try
        {
            await Run(Bin("pg_basebackup"), ["-h", primary.Host!, "-p", primary.Port.ToString(), "-U", primary.Username!, "-D", Path.Combine(folder, "data"),
                "-R", "-X", "stream", "-c", "fast"], password: primary.Password);
            // A standby refuses to start with fewer of these than its primary has (the primary may set them on its command line).
            var settings = string.Join(" ", await MustMatch(primary));
            await Run(Bin("pg_ctl"), ["start", "-D", Path.Combine(folder, "data"), "-w", "-t", "60", "-l", Path.Combine(folder, "server.log"),
                "-o", $"-p {standby._port} -c listen_addresses=127.0.0.1 -k {folder} -c hot_standby=on {settings}"]);
            return standby;
        }
        catch
        {
            var log = Path.Combine(folder, "server.log");
            var reason = File.Exists(log) ? File.ReadAllText(log) : "";
            Directory.Delete(folder, recursive: true);
            throw new ShouldAssertException($"The hot standby did not start. {reason}");
        }
    }

    private static async Task<List<string>> MustMatch(NpgsqlConnectionStringBuilder primary)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(primary.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select name, setting from pg_settings
            where name in ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var settings = new List<string>();
        while (await reader.ReadAsync()) settings.Add($"-c {reader.GetString(0)}={reader.GetString(1)}");
        return settings;
    }

    /// <summary>Runs a statement on the standby as the superuser (pg_wal_replay_pause(), pg_wal_replay_resume()).</summary>
    public async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_primary.ConnectionString) { Host = "127.0.0.1", Port = _port, Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try { await Run(Bin("pg_ctl"), ["stop", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w"]); }
        finally { Directory.Delete(_folder, recursive: true); }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string Bin(string tool) =>
        Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin", tool)).LastOrDefault(File.Exists) ?? tool;

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task Run(string tool, string[] args, bool asOwner = true, string? password = null)
    {
        var start = asOwner && IsRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", tool, .. args]) : new ProcessStartInfo(tool, args);
        start.RedirectStandardError = start.RedirectStandardOutput = true;
        start.WorkingDirectory = "/";
        if (password is not null) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{Path.GetFileName(tool)}: {await errors}{await output}");
    }
}
