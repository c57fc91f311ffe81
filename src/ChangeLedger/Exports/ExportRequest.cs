using ChangeLedger.Access;
using System.Globalization;
using System.Text;
using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using Npgsql;

namespace ChangeLedger.Exports;

/// <summary>
/// What an export asks for, validated: a recordedAt range [from, to), a repository pattern, a format. `to` defaults
/// to now, and the manifest records the instant used, so the same export can be asked for again and comes out
/// byte-identical once no more events can land in the range.
/// </summary>
public sealed record ExportRequest(DateTimeOffset? From, DateTimeOffset To, string? Repository, ExportFormat Format, ExportScope Scope)
{
    public static (ExportRequest? Request, Problem? Problem) Parse(
        DateTimeOffset? from, DateTimeOffset? to, string? repository, string? format, ExportFormat defaultFormat, DateTimeOffset now)
    {
        var parsedFormat = format?.ToLowerInvariant() switch
        {
            null => defaultFormat,
            "csv" => ExportFormat.Csv,
            "ndjson" => ExportFormat.Ndjson,
            _ => (ExportFormat?)null,
        };
        var end = to ?? now;
        var errors = new Validation()
            .Rule(parsedFormat is not null, "format", "'format' is csv or ndjson.")
            .Rule(from is null || from < end, "from", "'from' is before 'to'.")
            .Rule(repository is null || (repository.Length is > 0 and <= 300 && !repository.Any(char.IsWhiteSpace)), "repository",
                "'repository' is a repository name or a pattern with '*' (e.g. github.com/acme/*), without white space.");
        if (!errors.IsValid) return (null, errors.ToProblem());
        return (new ExportRequest(from?.ToUniversalTime(), end.ToUniversalTime(), repository, parsedFormat!.Value, ExportScope.Everything), null);
    }

    public ExportQuery ToQuery() => new(From, To, Repository, Format == ExportFormat.Csv ? "csv" : "ndjson");

    public string QueryString() =>
        Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
        {
            ["from"] = From is { } f ? ExportFile.Time(f) : null,
            ["to"] = ExportFile.Time(To),
            ["repository"] = Repository,
            ["format"] = Format == ExportFormat.Csv ? "csv" : "ndjson",
        }.Where(kv => kv.Value is not null)).ToUriComponent();

    public string ContentType => Format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson";

    public string FileName(string export) =>
        $"changeledger-{export}_{Stamp(From)}_{Stamp(To)}{(Repository is null ? "" : "_" + Safe(Repository))}.{(Format == ExportFormat.Csv ? "csv" : "ndjson")}";

    /// <summary>The range condition on a recordedAt column, as parameters of the command.</summary>
    public string RangeSql(string column, NpgsqlCommand command)
    {
        command.Parameters.AddWithValue("range_to", To);
        if (From is null) return $"{column} < @range_to";
        command.Parameters.AddWithValue("range_from", From.Value);
        return $"{column} >= @range_from and {column} < @range_to";
    }

    private static string Stamp(DateTimeOffset? t) =>
        t is { } v ? v.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) : "beginning";

    private static string Safe(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
        return sb.ToString();
    }
}

/// <summary>
/// Which repositories an export may read: the caller's scope, ANDed in SQL with the requested pattern, so a key can
/// never widen its own reach with a pattern. Both match by the one rule of <see cref="Ledger.RepositoryScope"/>.
/// </summary>
public sealed record ExportScope(RepositoryScope? Allowed, bool WebhookStreams = true)
{
    public static readonly ExportScope Everything = new((RepositoryScope?)null);

    /// <summary>
    /// The caller's key patterns; a key on '*' reads everything but the webhook subscriptions' streams, which only an
    /// admin reads: older subscription events carry their URL, which may carry its receiver's token, and an event in a
    /// hash chain cannot be redacted from an export that must verify.
    /// </summary>
    public static ExportScope Of(System.Security.Claims.ClaimsPrincipal user) =>
        (user.Scope() is { IsEverything: true } ? Everything : new(user.Scope())) with { WebhookStreams = user.IsInRole(Access.Roles.Admin) };

    /// <summary>The condition on the stream id column that leaves the webhook streams out when they are not the caller's to read.</summary>
    public string StreamSql(string column) => WebhookStreams ? "true" : $"{column} not like '~webhook:%'";

    public string Sql(string column, string? requested, NpgsqlCommand command)
    {
        var sql = new StringBuilder("true");
        if (requested is not null)
        {
            command.Parameters.AddWithValue("repo_pattern", new[] { RepositoryScope.Like(requested) });
            sql.Append(" and ").Append(RepositoryScope.SqlCondition(column, "@repo_pattern"));
        }
        if (Allowed is { } allowed)
        {
            command.Parameters.AddWithValue("repo_allowed", allowed.SqlPatterns());
            sql.Append(" and ").Append(RepositoryScope.SqlCondition(column, "@repo_allowed"));
        }
        return sql.ToString();
    }
}
