using ChangeLedger.Ledger;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Hosting;
using ChangeLedger.Integrity;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace ChangeLedger.Bench;

/// <summary>
/// Writes chained events the way the ledger would have (same serializer, same hash), but with binary COPY, so a
/// million events take seconds rather than a million round trips. 10 events per change: a proposal, then transfers.
/// </summary>
public static class ChainedSeed
{
    private const int PerStream = 10;

    public static async Task Run(IDocumentStore store, string connectionString, long events)
    {
        var serializer = store.Options.Serializer();
        var streams = events / PerStream;
        // Its own connection: a Marten query session's is read-only.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var s = LedgerStorage.Schema;
        await using (var reserve = new NpgsqlCommand($"select setval('{s}.mt_events_sequence', nextval('{s}.mt_events_sequence') + {events})", connection))
        {
            var last = (long)(await reserve.ExecuteScalarAsync())!;
            var seq = last - events;
            var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

            await using (var streamCopy = await connection.BeginBinaryImportAsync($"copy {s}.mt_streams (id, type, version, timestamp, created, tenant_id) from stdin (format binary)"))
            {
                for (var i = 0; i < streams; i++)
                    await streamCopy.WriteRowAsync(default, $"seed-{i}", typeof(Change).FullName, (long)PerStream, start, start, "*DEFAULT*");
                await streamCopy.CompleteAsync();
            }

            var heads = new List<(string, long, string)>((int)streams);
            await using (var copy = await connection.BeginBinaryImportAsync(
                $"copy {s}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers) from stdin (format binary)"))
            {
                for (var i = 0; i < streams; i++)
                {
                    var id = $"seed-{i}";
                    string? previous = null;
                    for (var v = 1; v <= PerStream; v++)
                    {
                        var at = start.AddMilliseconds(seq);
                        object data = v == 1
                            ? new ChangeProposed(id, $"github.com/seed/repo-{i % 50}", $"Seeded change {i}", "c0ffee", null, "alice", "ci-bot",
                                new Origin(OriginKind.Generated, "claude-code"), Scope.Empty, [], null, at)
                            : new OwnershipTransferred(id, v % 2 == 0 ? "alice" : "bob", v % 2 == 0 ? "bob" : "alice", "lead", "rotation", at);
                        var (type, dotnet) = v == 1 ? ("change_proposed", typeof(ChangeProposed)) : ("ownership_transferred", typeof(OwnershipTransferred));
                        var json = serializer.ToJson(data);
                        var (actor, occurredAt) = HashChain.Fields(data);
                        var hash = EventHash.Compute(new ChainInput(previous, id, v, type, EventHash.Time(occurredAt), actor), json);
                        var headers = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?>
                        {
                            ["hash"] = hash, ["prevHash"] = previous, ["actor"] = actor, ["occurredAt"] = EventHash.Time(occurredAt),
                        }.Where(h => h.Value is not null).ToDictionary());
                        await copy.StartRowAsync();
                        await copy.WriteAsync(++seq, NpgsqlDbType.Bigint);
                        await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                        await copy.WriteAsync(id, NpgsqlDbType.Varchar);
                        await copy.WriteAsync((long)v, NpgsqlDbType.Bigint);
                        await copy.WriteAsync(json, NpgsqlDbType.Jsonb);
                        await copy.WriteAsync(type, NpgsqlDbType.Varchar);
                        await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
                        await copy.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar);
                        await copy.WriteAsync($"{dotnet.FullName}, ChangeLedger", NpgsqlDbType.Varchar);
                        await copy.WriteAsync(headers, NpgsqlDbType.Jsonb);
                        previous = hash;
                    }
                    heads.Add((id, PerStream, previous!));
                }
                await copy.CompleteAsync();
            }

            await using var session = store.LightweightSession();
            foreach (var chunk in heads.Chunk(5000))
            {
                session.Store(chunk.Select(h => new ChainHead(h.Item1, h.Item2, h.Item3)).ToArray());
                await session.SaveChangesAsync();
            }
        }
        await using var analyze = new NpgsqlCommand($"analyze {s}.mt_events; analyze {s}.mt_doc_chainhead", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}
