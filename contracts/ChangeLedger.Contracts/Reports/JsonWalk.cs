using System.Text.Json;

namespace ChangeLedger.Contracts.Reports;

/// <summary>Called for every token but property names, with the token's path: $.runs[].results[].level.</summary>
public delegate void JsonVisitor(string path, ref Utf8JsonReader reader);

/// <summary>
/// Walks a JSON document of any size token by token (Utf8JsonReader over a stream, a 64 KB window refilled as it is
/// consumed), so a summariser sees each value with its path and nothing is kept but what it chooses to keep.
/// Array elements all have the path segment "[]".
/// </summary>
public static class JsonWalk
{
    private const int Window = 64 * 1024;

    public static void Run(Stream stream, JsonVisitor visit)
    {
        var buffer = new byte[Window];
        var (filled, final) = (0, false);
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        var paths = new List<string>();
        string? property = null;
        var start = true;
        while (true)
        {
            if (!final)
            {
                var n = stream.Read(buffer, filled, buffer.Length - filled);
                final = n == 0;
                filled += n;
            }
            if (start && (filled >= 3 || final))
            {
                start = false;
                // A byte order mark is allowed before UTF-8 JSON files (RFC 8259 §8.1 lets a parser ignore it); the reader is not.
                if (buffer.AsSpan(0, filled).StartsWith("\uFEFF"u8)) Buffer.BlockCopy(buffer, 3, buffer, 0, filled -= 3);
            }
            var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        paths.Add(Child(paths, ref property));
                        visit(paths[^1], ref reader);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        visit(paths[^1], ref reader);
                        paths.RemoveAt(paths.Count - 1);
                        break;
                    default:
                        visit(Child(paths, ref property), ref reader);
                        break;
                }
            }
            state = reader.CurrentState;
            var consumed = (int)reader.BytesConsumed;
            if (final)
            {
                if (paths.Count > 0 || consumed < filled) throw new ReportException("the JSON ends in the middle of a value.");
                return;
            }
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            // One token longer than the window (a long string): widen it for that token.
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        }
    }

    private static string Child(List<string> paths, ref string? property)
    {
        if (paths.Count == 0) return "$";
        var child = property is null ? paths[^1] + "[]" : paths[^1] + "." + property;
        property = null;
        return child;
    }
}
