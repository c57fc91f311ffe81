using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeLedger.Ledger;

/// <summary>One JSON dialect for the API: camelCase members, snake_case enum values, unknown and repeated members refused, numbers as numbers.</summary>
public static class LedgerJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        // A misspelt member would otherwise be dropped without a word, and the client would believe it was recorded.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // Strict where a lenient reading could record something the client did not mean: a number is a JSON number
        // ("5" is refused), and a member sent twice is refused instead of the last copy silently winning. Enum values
        // are matched ignoring case and always stored in their snake_case spelling (docs/api.md).
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
    }

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
