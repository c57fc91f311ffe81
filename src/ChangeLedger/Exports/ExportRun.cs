using System.Data;
using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChangeLedger.Exports;

/// <summary>One export's query: its columns, its SQL (built against the command), and how a result row becomes a file row.</summary>
public sealed record ExportSpec(
    string Name,
    string RowType,
    IReadOnlyList<Column> Columns,
    Func<ExportRequest, NpgsqlCommand, string> Sql,
    Func<NpgsqlDataReader, object?[]> Read);

/// <summary>
/// Runs an export on the store's connection and streams it. Npgsql hands rows over as they come off the socket, so
/// neither the service nor the client ever holds the result; the request's abort token cancels the statement in
/// PostgreSQL when the client goes away.
/// </summary>
public static class ExportRun
{
    public static IResult Respond(ExportSpec spec, ExportRequest request, IQuerySession session, HttpContext http, JsonSerializerOptions json)
    {
        // The sidecar link names the exact instant `to` resolved to, so the manifest describes these very rows.
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}/manifest{request.QueryString()}>; rel=\"manifest\"";
        return Results.Stream(async body =>
            {
                var ct = http.RequestAborted;
                using var file = new ExportFile(body, request.Format, spec.Columns, spec.RowType);
                var (rows, sha) = await Write(spec, request, session, file, ct);
                if (request.Format == ExportFormat.Ndjson)
                    await file.WriteTrailer(Manifests.Of(spec.Name, request.ToQuery(), rows, sha), json, ct);
            },
            request.ContentType, request.FileName(spec.Name));
    }

    /// <summary>The manifest alone: the same rows are produced and hashed, and thrown away (the CSV sidecar).</summary>
    public static async Task<ExportManifest> Manifest(ExportSpec spec, ExportRequest request, IQuerySession session, CancellationToken ct)
    {
        using var file = new ExportFile(Stream.Null, request.Format, spec.Columns, spec.RowType);
        var (rows, sha) = await Write(spec, request, session, file, ct);
        return Manifests.Of(spec.Name, request.ToQuery(), rows, sha);
    }

    private static async Task<(long Rows, string Sha)> Write(ExportSpec spec, ExportRequest request, IQuerySession session, ExportFile file, CancellationToken ct)
    {
        var connection = session.Connection ?? throw new InvalidOperationException("The query session has no connection.");
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = spec.Sql(request, command);
        await file.Begin(ct);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) await file.Row(spec.Read(reader), ct);
        }
        return (file.Rows, await file.EndRows(ct));
    }

    public static JsonSerializerOptions Json(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> options) => options.Value.SerializerOptions;

    public static string Events => $"{LedgerStorage.Schema}.mt_events";
}
