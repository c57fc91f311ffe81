using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChangeLedger.Contracts;

namespace ChangeLedger.Exports;

public enum CellKind { Text, Number, Time, Json }

/// <summary>
/// One column. An <paramref name="Optional"/> column came after files were first handed out: NDJSON rows carry it only
/// when it has a value and CSV files leave it out, so a file of a period recorded before it is byte for byte the same.
/// </summary>
public sealed record Column(string Name, CellKind Kind, bool Optional = false);

/// <summary>
/// Writes an export row by row straight to the response: a small buffer is flushed every 64 KiB, so memory stays
/// constant however many rows there are. Every byte written before the manifest goes through SHA-256, which is what
/// lets a reader check that the file is the one the ledger produced.
/// </summary>
public sealed class ExportFile(Stream output, ExportFormat format, IReadOnlyList<Column> columns, string rowType) : IDisposable
{
    private const int FlushAt = 64 * 1024;
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt * 2);
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Utf8JsonWriter _json = new(Stream.Null, WriterOptions);

    public long Rows { get; private set; }

    public async Task Begin(CancellationToken ct)
    {
        if (format == ExportFormat.Csv)
        {
            WriteHashed(Encoding.UTF8.GetBytes(string.Join(',', columns.Where(c => !c.Optional).Select(c => Csv.Cell(c.Name))) + "\r\n"));
            await FlushIfFull(ct, force: true);
        }
    }

    /// <summary>One row; values line up with the columns (string, long, DateTimeOffset, raw JSON text, or null).</summary>
    public ValueTask Row(IReadOnlyList<object?> values, CancellationToken ct)
    {
        if (format == ExportFormat.Csv) WriteHashed(Encoding.UTF8.GetBytes(CsvLine(values)));
        else WriteHashed(JsonLine(values));
        Rows++;
        return _buffer.WrittenCount >= FlushAt ? new ValueTask(FlushIfFull(ct, force: true)) : ValueTask.CompletedTask;
    }

    /// <summary>Flushes the rows and returns the SHA-256 over them; the manifest itself is not part of the hash.</summary>
    public async Task<string> EndRows(CancellationToken ct)
    {
        await FlushIfFull(ct, force: true);
        return Convert.ToHexStringLower(_sha.GetHashAndReset());
    }

    /// <summary>The closing line of an NDJSON export; not hashed, since it carries the hash.</summary>
    public async Task WriteTrailer(object manifest, JsonSerializerOptions json, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, manifest.GetType(), json);
        await output.WriteAsync(bytes, ct);
        await output.WriteAsync("\n"u8.ToArray(), ct);
        await output.FlushAsync(ct);
    }

    public static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private void WriteHashed(ReadOnlySpan<byte> bytes)
    {
        _sha.AppendData(bytes);
        _buffer.Write(bytes);
    }

    private async Task FlushIfFull(CancellationToken ct, bool force)
    {
        if (_buffer.WrittenCount == 0 || (!force && _buffer.WrittenCount < FlushAt)) return;
        await output.WriteAsync(_buffer.WrittenMemory, ct);
        _buffer.ResetWrittenCount();
    }

    private string CsvLine(IReadOnlyList<object?> values)
    {
        var line = new StringBuilder(256);
        var first = true;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Optional) continue;
            if (!first) line.Append(',');
            first = false;
            line.Append(Csv.Cell(Text(values[i])));
        }
        return line.Append("\r\n").ToString();
    }

    private ReadOnlySpan<byte> JsonLine(IReadOnlyList<object?> values)
    {
        var line = new ArrayBufferWriter<byte>(512);
        _json.Reset(line);
        _json.WriteStartObject();
        _json.WriteString("type", rowType);
        for (var i = 0; i < columns.Count; i++)
        {
            var (name, kind) = (columns[i].Name, columns[i].Kind);
            if (columns[i].Optional && values[i] is null) continue;
            switch (values[i])
            {
                case null: _json.WriteNull(name); break;
                case long n: _json.WriteNumber(name, n); break;
                case DateTimeOffset t: _json.WriteString(name, Time(t)); break;
                case string s when kind == CellKind.Json: _json.WritePropertyName(name); _json.WriteRawValue(s, skipInputValidation: true); break;
                case var other: _json.WriteString(name, Text(other)); break;
            }
        }
        _json.WriteEndObject();
        _json.Flush();
        line.Write("\n"u8);
        return line.WrittenSpan;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => Time(t),
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public void Dispose()
    {
        _sha.Dispose();
        _json.Dispose();
    }
}

public enum ExportFormat { Csv, Ndjson }

/// <summary>RFC 4180 cells, with spreadsheet formula injection defused.</summary>
public static class Csv
{
    // A spreadsheet runs a cell that starts with one of these as a formula (a leading tab or carriage return too,
    // OWASP CSV injection); a leading quote makes it text.
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    public static string Cell(string value)
    {
        if (value.Length > 0 && FormulaStarts.Contains(value[0])) value = "'" + value;
        return value.AsSpan().ContainsAny(NeedsQuotes) ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}

/// <summary>Turns a manifest into the wire shape used by both the NDJSON trailer and the CSV sidecar.</summary>
public static class Manifests
{
    public static ExportManifest Of(string export, ExportQuery query, long rows, string sha256) =>
        new("manifest", export, query, rows, sha256);
}
