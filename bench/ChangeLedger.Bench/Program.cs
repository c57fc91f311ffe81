using System.Diagnostics;
using ChangeLedger.Bench;
using ChangeLedger.Changes;
using ChangeLedger.Exports;
using ChangeLedger.Hosting;
using ChangeLedger.Integrity;
using Marten;

// Integrity benchmarks, run by bench/integrity.sh against a fresh database (ConnectionStrings__Ledger):
//   append  — the same appends through Marten with and without the hash chain, alternating, in one run;
//   verify  — seeds chained events with binary COPY (hashes computed here), then times a whole-ledger verification;
//   seed    — only the seeding, so bench/run.sh can time export and verification through the service itself;
//   schemas — the CDEvents conformance check per event, beside parsing the same event (no database; reads the
//             specification's examples from ../shared/vendor, exit 3 when they are absent).
// The store is configured by the service's own AddLedgerStorage, so schema and serializer are the real ones.

var mode = args.ElementAtOrDefault(0) ?? "append";
if (mode == "schemas")
{
    return SchemaBench.Run(int.Parse(args.ElementAtOrDefault(1) ?? "5"));
}
var builder = WebApplication.CreateBuilder();
// Always a fresh benchmark database: create the schema as the service does outside Production (the service's
// Production default refuses to start on a database db-apply has not prepared).
builder.Services.Configure<DatabaseSettings>(d => d.ApplySchemaAtStart = true);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SigningKey>();
builder.AddLedgerStorage(opts => { opts.AddChangeStream(); opts.AddExports(); opts.AddIntegrity(); });
await using var app = builder.Build();
await app.StartAsync();
var store = app.Services.GetRequiredService<IDocumentStore>();

switch (mode)
{
    case "append":
        var streams = int.Parse(args.ElementAtOrDefault(1) ?? "2000");
        var perStream = int.Parse(args.ElementAtOrDefault(2) ?? "5");
        for (var round = 1; round <= 2; round++)
        {
            var (events, seconds) = await AppendBench.Run(store, $"r{round}", streams, perStream);
            Console.WriteLine($"append round {round}: {events} events in {seconds:F1} s = {events / seconds:F0} events/s");
        }
        break;
    case "verify":
        var target = long.Parse(args.ElementAtOrDefault(1) ?? "1000000");
        var seedWatch = Stopwatch.StartNew();
        await ChainedSeed.Run(store, LedgerStorage.ConnectionString(app.Configuration), target);
        Console.WriteLine($"seeded {target} chained events with COPY in {seedWatch.Elapsed.TotalSeconds:F1} s");
        var key = app.Services.GetRequiredService<SigningKey>();
        var integrity = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IntegritySettings>>().Value;
        var checkpointWatch = Stopwatch.StartNew();
        await using (var checkpointSession = store.LightweightSession())
        {
            await LogCheckpoints.TakeLock(checkpointSession, CancellationToken.None);
            var checkpoint = await LogCheckpoints.Take(checkpointSession, key, DateTimeOffset.UtcNow, integrity.GapTimeout, "bench", "system:bench", CancellationToken.None);
            await checkpointSession.SaveChangesAsync();
            Console.WriteLine($"checkpoint of the log over {checkpoint.TreeSize} events in {checkpointWatch.Elapsed.TotalSeconds:F1} s");
        }
        var before = GC.GetTotalMemory(true);
        var watch = Stopwatch.StartNew();
        await using (var session = store.QuerySession())
        {
            var report = await VerifyLedger.Run(session, key, integrity.Witness, new VerifyLedger.Scope(null, null, null), CancellationToken.None);
            watch.Stop();
            Console.WriteLine($"verify whole ledger: {report.Events} events in {report.Streams} streams in {watch.Elapsed.TotalSeconds:F1} s = " +
                $"{report.Events / watch.Elapsed.TotalSeconds:F0} events/s; intact {report.Intact}; checkpoint root matches {report.Log?.RecomputedRoot == report.Log?.SignedRoot}; " +
                $"heap after vs before {(GC.GetTotalMemory(true) - before) / 1024 / 1024} MiB; process peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MiB");
        }
        break;
    case "seed":
        var count = long.Parse(args.ElementAtOrDefault(1) ?? "1000000");
        var seedOnly = Stopwatch.StartNew();
        await ChainedSeed.Run(store, LedgerStorage.ConnectionString(app.Configuration), count);
        Console.WriteLine($"seeded {count} chained events with COPY in {seedOnly.Elapsed.TotalSeconds:F1} s");
        break;
    default:
        Console.Error.WriteLine("usage: ChangeLedger.Bench append [streams] [eventsPerStream] | verify [events] | seed [events] | schemas [seconds]");
        return 2;
}
await app.StopAsync();
return 0;
