using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>
/// Canonical JSON in the spirit of RFC 8785 (docs/integrity.md states the rules), so a hash over a value does not
/// depend on who serialized it: PostgreSQL's jsonb reorders keys and drops whitespace, .NET does neither.
/// </summary>
public static class CanonicalJson
{
    public static byte[] Encode(JsonElement value)
    {
        var sb = new StringBuilder(256);
        Write(sb, value);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] Encode(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Encode(doc.RootElement);
    }

    private static void Write(StringBuilder sb, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                // RFC 8785 orders members by their names' UTF-16 code units: ordinal string comparison in .NET.
                foreach (var member in value.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    String(sb, member.Name);
                    sb.Append(':');
                    Write(sb, member.Value);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (i++ > 0) sb.Append(',');
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String: String(sb, value.GetString()!); break;
            case JsonValueKind.Number: sb.Append(Number(value)); break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            default: sb.Append("null"); break;
        }
    }

    /// <summary>Integers as plain decimals; anything else as the shortest form that round-trips a double, exponent 'e'.</summary>
    private static string Number(JsonElement value)
    {
        if (decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d))
            return decimal.Truncate(d).ToString(CultureInfo.InvariantCulture);
        var text = value.GetDouble().ToString("R", CultureInfo.InvariantCulture);
        return text.Replace("E+", "e+").Replace("E-", "e-");
    }

    /// <summary>Only '"', '\' and control characters are escaped (short forms where JSON has them, else \u00xx); the rest is UTF-8 as is.</summary>
    private static void String(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
