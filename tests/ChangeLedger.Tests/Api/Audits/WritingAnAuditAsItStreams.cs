using System.Buffers;
using System.Text;
using System.Text.Json;
using ChangeLedger.Audits;
using ChangeLedger.Contracts;
using ChangeLedger.Ledger;

namespace ChangeLedger.Tests.Api.Audits;

/// <summary>
/// The streamed report writes its long lists by hand so that a million releases cost little and hold no memory: what it
/// writes must be what the serializer writes for the same contract, or the report a client reads would not be the one
/// the API describes.
/// </summary>
public sealed class WritingAnAuditAsItStreams
{
    private static readonly JsonSerializerOptions Json = LedgerJson.Create();

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder })) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void a_release_is_written_as_the_serializer_writes_it()
    {
        AuditRelease[] releases =
        [
            new("gh:acme.payments:482", "github.com/acme/payments", 7, 1234, new DateTimeOffset(2026, 3, 1, 10, 0, 0, 123, TimeSpan.Zero), null, "1.4.0", "deployer",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", new DateTimeOffset(2026, 3, 1, 10, 0, 0, 124, TimeSpan.Zero)),
            new("é<\"quoted\"&+>\n", "github.com/ünïcode/repo", 1, 1, new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)), "overridden", "v\\2", "bob 🚀",
                "", DateTimeOffset.MinValue),
        ];

        Written(w => { w.WriteStartArray(); foreach (var r in releases) AuditJson.Release(w, r); w.WriteEndArray(); })
            .ShouldBe(JsonSerializer.Serialize(releases, Json));
    }

    [Fact]
    public async Task exceptions_kept_on_disk_come_back_in_order_as_the_serializer_lists_them()
    {
        // Enough to cross the spool's flushes and its reader's buffers, each with a justification that escapes.
        var exceptions = Enumerable.Range(0, 3_000).Select(i => new AuditException($"gh:acme:{i}", "github.com/acme/payments", i % 3 == 0 ? "outside-the-gate" : "overridden",
            i * 3L, 3, 2, new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero).AddSeconds(i), "deployer", $"1.0.{i}", i % 2 == 0 ? ["min-approvals", "required-check:lint"] : [],
            i % 5 == 0 ? [$"INC-{i}"] : [], i % 3 == 0 ? null : new ReleaseOverride("lead", $"=\"hotfix\" {new string('x', i % 97)}\n{i}"), $"/v1/changes/gh%3Aacme%3A{i}/trail")).ToList();
        await using var spool = new AuditJson.Spool(Json);
        foreach (var e in exceptions) await spool.Add(e, CancellationToken.None);

        var buffer = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder }))
        {
            writer.WriteStartArray();
            await spool.WriteTo(writer, () => ValueTask.CompletedTask, CancellationToken.None);
            writer.WriteEndArray();
        }

        spool.Count.ShouldBe(exceptions.Count);
        Encoding.UTF8.GetString(buffer.WrittenSpan).ShouldBe(JsonSerializer.Serialize(exceptions, Json));
    }
}
