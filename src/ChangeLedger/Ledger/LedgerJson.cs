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

    /// <summary>
    /// The path of the first string or member name that is not text (an unpaired surrogate escape such as
    /// <c>"\ud800"</c>), or null. The parser accepts such an escape and only reading the string throws, so a body that
    /// is parsed first and read later (a batch item, a CDEvent's data) is checked here before anything reads it.
    /// </summary>
    public static string? FirstStringThatIsNotText(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (FirstStringThatIsNotText(item, $"{path}[{index++}]") is { } bad) return bad;
                return null;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (!IsText(() => member.Name)) return path + ".?";
                    if (FirstStringThatIsNotText(member.Value, $"{path}.{member.Name}") is { } bad) return bad;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool IsText(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            // "Cannot read invalid UTF-16 JSON text as string": the one thing reading a parsed string can fail on.
            return false;
        }
    }
}
