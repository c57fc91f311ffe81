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
    Func<NpgsqlDataReader, object?[]> Read)
{
    /// <summary>For chained rows: where a row sits in its stream, so the manifest can name each stream's last link.</summary>
    public Func<object?[], (string StreamId, long Version, string? Hash, long Sequence)>? Link { get; init; }

    /// <summary>Turns the plain manifest into the one written (the trail's carries chain heads, checkpoint, signature).</summary>
    public Func<IServiceProvider, ExportManifest, IReadOnlyCollection<Contracts.Integrity.ChainHeadEntry>, long?, CancellationToken, Task<object>>? Seal { get; init; }
}

/// <summary>
/// Runs an export on the store's connection and streams it. Npgsql hands rows over as they come off the socket, so
/// neither the service nor the client ever holds the result; the request's abort token cancels the statement in
/// PostgreSQL when the client goes away.
/// </summary>
public static class ExportRun
{
    public const string CsvType = "text/csv";
    public const string NdjsonType = "application/x-ndjson";

    // The format is a closed set the handlers read as a string.
    private static Task ListFormats(Microsoft.OpenApi.OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.Name == "format")?.Schema is Microsoft.OpenApi.OpenApiSchema format)
            format.Enum = [.. Enum.GetNames<ExportFormat>().Select(f => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(f.ToLowerInvariant()))];
        return Task.CompletedTask;
    }

    /// <summary>An export's two endpoints: the streamed rows, and the manifest alone (the CSV sidecar). Both read only the key's repositories.</summary>
    public static void Map(RouteGroupBuilder exports, ExportSpec spec, ExportFormat defaultFormat, string name, string summary, string contentType)
    {
        (ExportRequest? Request, IResult? Problem) Parse(DateTimeOffset? from, DateTimeOffset? to, string? repository, string? format,
            System.Security.Claims.ClaimsPrincipal user, TimeProvider clock)
        {
            var (request, problem) = ExportRequest.Parse(from, to, repository, format, defaultFormat, clock.GetUtcNow());
            return problem is not null ? (null, Problems.Result(problem)) : (request! with { Scope = ExportScope.Of(user) }, null);
        }

        exports.MapGet("/" + spec.Name, async (DateTimeOffset? from, DateTimeOffset? to, string? repository, string? format, ListingSession listing,
                System.Security.Claims.ClaimsPrincipal user, TimeProvider clock, HttpContext http, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
            {
                var (request, problem) = Parse(from, to, repository, format, user, clock);
                if (request is null) return problem!;
                var session = await listing.Open(http.Response, http.RequestAborted);
                return Respond(spec, request, session, http, Json(json));
            })
            .RequireAuthorization(Access.Permissions.Export)
            .WithName(name).WithSummary(summary)
            .AddOpenApiOperationTransformer(ListFormats)
            // Either format may be asked for (?format=); the default is listed first.
            .Produces<string>(StatusCodes.Status200OK, contentType, contentType == CsvType ? NdjsonType : CsvType).ProducesValidationProblem();

        exports.MapGet($"/{spec.Name}/manifest", async (DateTimeOffset? from, DateTimeOffset? to, string? repository, string? format,
                ListingSession listing, System.Security.Claims.ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var (request, problem) = Parse(from, to, repository, format, user, clock);
                if (request is null) return problem!;
                var session = await listing.Open(http.Response, ct);
                return Results.Ok(await Manifest(spec, request, session, http.RequestServices, ct));
            })
            .RequireAuthorization(Access.Permissions.Export)
            .AddOpenApiOperationTransformer(ListFormats)
            .WithName(name + "Manifest").WithSummary($"The manifest of the same {spec.Name} export: row count, query, SHA-256")
            .Produces<Contracts.ExportManifest>().ProducesValidationProblem();
    }

    public static IResult Respond(ExportSpec spec, ExportRequest request, IQuerySession session, HttpContext http, JsonSerializerOptions json)
    {
        // The sidecar link names the exact instant `to` resolved to, so the manifest describes these very rows.
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}/manifest{request.QueryString()}>; rel=\"manifest\"";
        return Results.Stream(async body =>
            {
                var ct = http.RequestAborted;
                using var file = new ExportFile(body, request.Format, spec.Columns, spec.RowType);
                var written = await Write(spec, request, session, file, ct);
                if (request.Format == ExportFormat.Ndjson)
                    await file.WriteTrailer(await Close(spec, request, written, http.RequestServices, ct), json, ct);
            },
            request.ContentType, request.FileName(spec.Name));
    }

    /// <summary>The manifest alone: the same rows are produced and hashed, and thrown away (the CSV sidecar).</summary>
    public static async Task<object> Manifest(ExportSpec spec, ExportRequest request, IQuerySession session, IServiceProvider services, CancellationToken ct)
    {
        using var file = new ExportFile(Stream.Null, request.Format, spec.Columns, spec.RowType);
        return await Close(spec, request, await Write(spec, request, session, file, ct), services, ct);
    }

    private static async Task<object> Close(ExportSpec spec, ExportRequest request, Written written, IServiceProvider services, CancellationToken ct)
    {
        var plain = Manifests.Of(spec.Name, request.ToQuery(), written.Rows, written.Sha);
        return spec.Seal is { } seal ? await seal(services, plain, written.Heads.Values, written.LastSequence, ct) : plain;
    }

    private sealed record Written(long Rows, string Sha, SortedDictionary<string, Contracts.Integrity.ChainHeadEntry> Heads, long? LastSequence);

    private static async Task<Written> Write(ExportSpec spec, ExportRequest request, IQuerySession session, ExportFile file, CancellationToken ct)
    {
        var connection = session.Connection ?? throw new InvalidOperationException("The query session has no connection.");
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = spec.Sql(request, command);
        await file.Begin(ct);
        // One entry per stream, not per row: the only state that grows with the export.
        var heads = new SortedDictionary<string, Contracts.Integrity.ChainHeadEntry>(StringComparer.Ordinal);
        long? last = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var row = spec.Read(reader);
                if (spec.Link is { } link)
                {
                    var (stream, version, hash, sequence) = link(row);
                    heads[stream] = new(stream, version, hash ?? "");
                    last = sequence;
                }
                await file.Row(row, ct);
            }
        }
        return new Written(file.Rows, await file.EndRows(ct), heads, last);
    }

    public static JsonSerializerOptions Json(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> options) => options.Value.SerializerOptions;

    public static string Events => $"{LedgerStorage.Schema}.mt_events";
}
