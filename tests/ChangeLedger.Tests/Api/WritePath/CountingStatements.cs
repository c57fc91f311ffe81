using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;
using Npgsql;

namespace ChangeLedger.Tests.Api.WritePath;

/// <summary>The service reaches PostgreSQL through a relay that reads the protocol's messages as they pass, and counts them.</summary>
public sealed class CountedLedgerApp(IMessageSink sink) : LedgerApp(sink)
{
    private TcpGate? _gate;

    public PostgresWire Wire { get; } = new();

    protected override string ServiceConnectionString(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        _gate = new TcpGate(csb.Host!, csb.Port) { Sent = Wire.Read };
        csb.Host = "127.0.0.1";
        csb.Port = _gate.Port;
        // Plain text, so the relay can read the messages.
        csb.SslMode = SslMode.Disable;
        return csb.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_gate is not null) await _gate.DisposeAsync();
    }
}

/// <summary>
/// Counts what clients send PostgreSQL, by the frontend messages of its protocol (version 3): each statement is one
/// Execute (extended protocol) or one Query (simple protocol), and each round trip ends in a Sync or is a Query.
/// </summary>
public sealed class PostgresWire
{
    private const int SslRequest = 80877103, GssRequest = 80877104;
    private readonly Dictionary<int, (List<byte> Pending, bool Started)> _connections = [];
    private long _statements, _roundTrips;

    public (long Statements, long RoundTrips) Totals
    {
        get { lock (_connections) return (_statements, _roundTrips); }
    }

    public void Read(int connection, ReadOnlySpan<byte> bytes)
    {
        lock (_connections)
        {
            var (pending, started) = _connections.TryGetValue(connection, out var known) ? known : ([], false);
            pending.AddRange(bytes);
            while (true)
            {
                // Before the startup message, frames carry no type byte: an SSL or GSS request, then the startup itself.
                var header = started ? 5 : 8;
                if (pending.Count < header) break;
                var length = Int32(pending, started ? 1 : 0);
                var frame = started ? 1 + length : length;
                if (pending.Count < frame) break;
                if (!started)
                {
                    var code = Int32(pending, 4);
                    started = code is not (SslRequest or GssRequest);
                }
                else if (pending[0] is (byte)'E') _statements++;
                else if (pending[0] is (byte)'Q') { _statements++; _roundTrips++; }
                else if (pending[0] is (byte)'S') _roundTrips++;
                pending.RemoveRange(0, frame);
            }
            _connections[connection] = (pending, started);
        }
    }

    private static int Int32(List<byte> bytes, int at) => bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3];
}

public sealed class CountingStatements(CountedLedgerApp app) : IClassFixture<CountedLedgerApp>
{
    [Fact]
    public async Task a_validation_with_an_event_id_takes_at_most_eight_statements_in_four_round_trips()
    {
        await (await app.Post("/v1/changes", Requests.Human("counted-1"))).ShouldHaveStatus(201);
        List<long> statements = [], roundTrips = [];
        for (var i = 0; i < 9; i++)
        {
            var before = app.Wire.Totals;
            var write = Requests.Check($"check-{i}", "c0ffee1", ValidationOutcome.Passed) with { EventId = $"counted-{i}" };
            await (await app.Post("/v1/changes/counted-1/validations", write)).ShouldHaveStatus(201);
            var after = app.Wire.Totals;
            statements.Add(after.Statements - before.Statements);
            roundTrips.Add(after.RoundTrips - before.RoundTrips);
        }

        // The median: a background poll (the projection daemon, Wolverine's nodes) may fall inside one write's window.
        // BEGIN; the locked batch (stream lock, document, heads and receipts); the append, the document, heads and
        // receipts; COMMIT. Round trips as the protocol counts them (a Sync, or a simple Query such as BEGIN, even where
        // the driver sends it in the same packet as what follows): bench/run.sh's TCP segments count 3.
        statements.Order().ElementAt(4).ShouldBeLessThanOrEqualTo(8, string.Join(", ", statements));
        roundTrips.Order().ElementAt(4).ShouldBeLessThanOrEqualTo(4, string.Join(", ", roundTrips));
        (await app.Get<ChangeSummary>("/v1/changes/counted-1")).Counts.Validations.ShouldBe(9);
        (await app.Get<ChangeLedger.Contracts.Integrity.VerificationReport>("/v1/integrity/verify?changeId=counted-1")).Intact.ShouldBeTrue();
    }
}
