using System.Text;
using System.Text.Json;

namespace ChangeLedger.Audits;

/// <summary>
/// Reads a stored verdict's rules (its JSON array of <c>{rule, passed, evidence: [{detail}]}</c>) for the audit. An
/// audit reads a million of them and they repeat the same few rules, so it reads the bytes forward once, and a rule
/// without evidence details is the same shared <see cref="AuditedRule"/> each time it recurs (with its family worked
/// out once): only evidence details allocate.
/// </summary>
public sealed class StoredRules
{
    private readonly Dictionary<(string Rule, bool Passed), AuditedRule> _bare = [];
    private readonly List<(byte[] Utf8, string Name)> _names = [];
    private byte[] _buffer = new byte[4096];

    public List<AuditedRule> Read(string json)
    {
        var length = Encoding.UTF8.GetMaxByteCount(json.Length);
        if (length > _buffer.Length) _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        var reader = new Utf8JsonReader(_buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, _buffer)));
        var rules = new List<AuditedRule>(8);
        Expect(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            string? rule = null;
            bool? passed = null;
            List<string>? details = null;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("rule"u8)) { Next(ref reader); rule = Name(ref reader); }
                else if (reader.ValueTextEquals("passed"u8)) { Next(ref reader); passed = reader.GetBoolean(); }
                else if (reader.ValueTextEquals("evidence"u8))
                {
                    if (Next(ref reader) == JsonTokenType.StartArray) details = Details(ref reader);
                    else reader.Skip();
                }
                else { Next(ref reader); reader.Skip(); }
            }
            if (rule is null || passed is not { } met) throw new JsonException("A stored verdict's rule lacks its name or its outcome.");
            rules.Add(details is { Count: > 0 } ? new AuditedRule(rule, met, details) : Bare(rule, met));
        }
        return rules;
    }

    /// <summary>Every evidence item's detail ("" where it has none), in order.</summary>
    private static List<string> Details(ref Utf8JsonReader reader)
    {
        var details = new List<string>();
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            var detail = "";
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var isDetail = reader.ValueTextEquals("detail"u8);
                Next(ref reader);
                if (isDetail && reader.TokenType == JsonTokenType.String) detail = reader.GetString()!;
                else reader.Skip();
            }
            details.Add(detail);
        }
        return details;
    }

    private AuditedRule Bare(string rule, bool passed)
    {
        if (!_bare.TryGetValue((rule, passed), out var shared)) _bare[(rule, passed)] = shared = new AuditedRule(rule, passed, []);
        return shared;
    }

    private string Name(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence) return reader.GetString()!;
        foreach (var (utf8, name) in _names)
            if (reader.ValueSpan.SequenceEqual(utf8)) return name;
        var added = reader.GetString()!;
        _names.Add((reader.ValueSpan.ToArray(), added));
        return added;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("A stored verdict's rules end early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type) throw new JsonException($"A stored verdict's rules are not a JSON array (found {reader.TokenType}).");
    }
}
