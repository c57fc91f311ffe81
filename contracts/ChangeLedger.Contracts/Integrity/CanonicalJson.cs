using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>A JSON value RFC 8785 cannot canonicalise: a number outside the range of an IEEE 754 double.</summary>
public sealed class NotCanonicalException(string message) : FormatException(message);

/// <summary>
/// Canonical JSON per RFC 8785 (JCS), so a hash over a value does not depend on who serialized it: PostgreSQL's jsonb
/// reorders keys and drops whitespace, .NET does neither. Members sorted by UTF-16 code units, no whitespace, strings
/// with the minimal escapes, numbers as IEEE 754 doubles written by ECMAScript's Number::toString. A number beyond
/// the double range (1E400) has no canonical form and is refused rather than written as Infinity.
/// </summary>
public static class CanonicalJson
{
    public static byte[] Encode(JsonElement value) => Encode(value, legacyNumbers: false);

    public static byte[] Encode(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Encode(doc.RootElement);
    }

    /// <summary>
    /// The form events sealed before RFC 8785 numbers were hashed with: integers exactly as decimals, other numbers as
    /// .NET's round-trip text ("1e-07"). Kept only so those events still verify (<see cref="EventHash.Matches"/>).
    /// </summary>
    public static byte[] EncodeLegacy(JsonElement value) => Encode(value, legacyNumbers: true);

    /// <summary>The first number in the value that has no canonical form, as a JSON path (<c>$.a[2]</c>), or null.</summary>
    public static string? FindUncanonical(JsonElement value, string path = "$")
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var m in value.EnumerateObject())
                    if (FindUncanonical(m.Value, $"{path}.{m.Name}") is { } found) return found;
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                    if (FindUncanonical(item, $"{path}[{i++}]") is { } found) return found;
                return null;
            case JsonValueKind.Number:
                return double.IsFinite(ToDouble(value)) ? null : path;
            default:
                return null;
        }
    }

    private static byte[] Encode(JsonElement value, bool legacyNumbers)
    {
        var sb = new StringBuilder(256);
        Write(sb, value, legacyNumbers);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Write(StringBuilder sb, JsonElement value, bool legacy)
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
                    Write(sb, member.Value, legacy);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (i++ > 0) sb.Append(',');
                    Write(sb, item, legacy);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String: String(sb, value.GetString()!); break;
            case JsonValueKind.Number: sb.Append(legacy ? LegacyNumber(value) : Number(ToDouble(value))); break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            default: sb.Append("null"); break;
        }
    }

    private static double ToDouble(JsonElement value) =>
        double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// ECMA-262 Number::toString(10) over .NET's shortest round-trip digits ("R" since .NET Core 3.0): with the digits
    /// d1…dk and n such that the value is 0.d1…dk × 10^n, plain notation for −6 &lt; n ≤ 21, else d1.d2…dk e±(n−1).
    /// </summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
            throw new NotCanonicalException($"The number {value.ToString(CultureInfo.InvariantCulture)} is outside the range of an IEEE 754 double; RFC 8785 has no form for it.");
        if (value == 0) return "0";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text[0] == '-';
        if (negative) text = text[1..];
        var exponent = 0;
        if (text.IndexOf('E') is var e and >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var digits = dot < 0 ? text : string.Concat(text.AsSpan(0, dot), text.AsSpan(dot + 1));
        var integerDigits = dot < 0 ? text.Length : dot;
        var trimmed = digits.TrimStart('0');
        integerDigits -= digits.Length - trimmed.Length;
        digits = trimmed.TrimEnd('0');
        var n = integerDigits + exponent;
        var k = digits.Length;

        var sb = new StringBuilder(32);
        if (negative) sb.Append('-');
        if (k <= n && n <= 21) sb.Append(digits).Append('0', n - k);
        else if (0 < n && n <= 21) sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        else if (-6 < n && n <= 0) sb.Append("0.").Append('0', -n).Append(digits);
        else
        {
            sb.Append(digits[0]);
            if (k > 1) sb.Append('.').Append(digits, 1, k - 1);
            sb.Append('e').Append(n - 1 >= 0 ? '+' : '-').Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string LegacyNumber(JsonElement value)
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
