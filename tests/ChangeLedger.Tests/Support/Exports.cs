using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChangeLedger.Contracts;

namespace ChangeLedger.Tests.Support;

/// <summary>Reading exports the way a compliance tool would: raw bytes, lines, the manifest.</summary>
public static class Exports
{
    public static async Task<byte[]> Download(this LedgerApp app, string path)
    {
        var response = await app.Client.GetAsync(path);
        await response.ShouldHaveStatus(200);
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static string[] Lines(byte[] file, string separator) =>
        Encoding.UTF8.GetString(file).Split(separator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The NDJSON body split into its rows and its closing manifest.</summary>
    public static (JsonElement[] Rows, ExportManifest Manifest, byte[] RowBytes) Ndjson(byte[] file)
    {
        var lastLineStart = Array.LastIndexOf(file, (byte)'\n', file.Length - 2) + 1;
        var rowBytes = file[..lastLineStart];
        // Lenient on purpose: the trail's manifest carries more members than the plain one.
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var last = file.AsSpan(lastLineStart);
        // The trail's manifest is the payload of a DSSE envelope (docs/integrity.md); the others are the manifest itself.
        if (JsonDocument.Parse(last.ToArray()).RootElement.TryGetProperty("payloadType", out _))
            last = JsonSerializer.Deserialize<Contracts.Integrity.DsseEnvelope>(last, web)!.PayloadBytes();
        var manifest = JsonSerializer.Deserialize<ExportManifest>(last, web)!;
        var rows = Lines(rowBytes, "\n").Select(l => JsonSerializer.Deserialize<JsonElement>(l)).ToArray();
        return (rows, manifest, rowBytes);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Q(DateTimeOffset t) => Uri.EscapeDataString(t.UtcDateTime.ToString("O"));
}
