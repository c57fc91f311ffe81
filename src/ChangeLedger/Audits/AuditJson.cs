using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using ChangeLedger.Contracts;

namespace ChangeLedger.Audits;

/// <summary>
/// How the streamed JSON report writes its two long lists without holding them: a release is written member by member
/// (the bytes <see cref="JsonSerializer"/> would write, without its per-object machinery, since a report writes a
/// million), and the exceptions, found while the releases stream but listed after them, wait on disk.
/// </summary>
public static class AuditJson
{
    public static void Release(Utf8JsonWriter writer, AuditRelease r)
    {
        writer.WriteStartObject();
        writer.WriteString("changeId"u8, r.ChangeId);
        writer.WriteString("repository"u8, r.Repository);
        writer.WriteNumber("eventVersion"u8, r.EventVersion);
        writer.WriteNumber("sequence"u8, r.Sequence);
        writer.WriteString("recordedAt"u8, r.RecordedAt);
        if (r.Kind is null) writer.WriteNull("kind"u8);
        else writer.WriteString("kind"u8, r.Kind);
        writer.WriteString("version"u8, r.Version);
        writer.WriteString("releasedBy"u8, r.ReleasedBy);
        writer.WriteString("hash"u8, r.Hash);
        writer.WriteString("logTime"u8, r.LogTime);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Exceptions kept in a temporary file (deleted when closed), one JSON object a line, until the report writes its
    /// exceptions list: a tenth of a million releases overridden is a tenth of a million exceptions, which memory
    /// should not have to hold.
    /// </summary>
    public sealed class Spool : IAsyncDisposable
    {
        private const int FlushAt = 64 * 1024;
        private readonly FileStream _file = new(Path.Combine(Path.GetTempPath(), $"changeledger-audit-{Guid.NewGuid():N}.ndjson"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, FlushAt, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt * 2);
        private readonly Utf8JsonWriter _writer;
        private readonly JsonSerializerOptions _json;

        public Spool(JsonSerializerOptions json)
        {
            _json = json;
            _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = false, Encoder = json.Encoder });
        }

        public long Count { get; private set; }

        public async ValueTask Add(AuditException exception, CancellationToken ct)
        {
            JsonSerializer.Serialize(_writer, exception, _json);
            _writer.Flush();
            _writer.Reset();
            _buffer.Write("\n"u8);
            Count++;
            if (_buffer.WrittenCount >= FlushAt) await Save(ct);
        }

        /// <summary>Writes every exception kept, in the order added, as items of the array <paramref name="writer"/> has open; <paramref name="written"/> lets the caller flush as they go.</summary>
        public async Task WriteTo(Utf8JsonWriter writer, Func<ValueTask> written, CancellationToken ct)
        {
            await Save(ct);
            await _file.FlushAsync(ct);
            _file.Position = 0;
            var reader = PipeReader.Create(_file, new StreamPipeReaderOptions(bufferSize: FlushAt, leaveOpen: true));
            while (true)
            {
                var read = await reader.ReadAsync(ct);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    writer.WriteRawValue(buffer.Slice(0, end), skipInputValidation: true);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    await written();
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted) break;
            }
            await reader.CompleteAsync();
        }

        private async ValueTask Save(CancellationToken ct)
        {
            await _file.WriteAsync(_buffer.WrittenMemory, ct);
            _buffer.ResetWrittenCount();
        }

        public async ValueTask DisposeAsync()
        {
            await _writer.DisposeAsync();
            await _file.DisposeAsync();
        }
    }
}
