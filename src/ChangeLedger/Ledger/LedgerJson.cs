using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeLedger.Ledger;

/// <summary>One JSON dialect for the API: camelCase members, snake_case enum values, unknown members refused.</summary>
public static class LedgerJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        // A misspelt member would otherwise be dropped without a word, and the client would believe it was recorded.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // The web defaults also read numbers sent as strings ("3"); the contract says integer, so the wire does too.
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
