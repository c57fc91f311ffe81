using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChangeLedger.Ingestion;

/// <summary>How a member breaks its spec version's rules.</summary>
public enum ViolationKind { Missing, WrongType, Empty, NotInEnumeration, UnknownMember, NoMatch, Format }

/// <summary>One broken rule, named by the member's path under the CloudEvent's data (<c>data/subject/content/outcome</c>).</summary>
public sealed record Violation(string Path, ViolationKind Kind, string Message)
{
    /// <summary>
    /// A format is what the specification says a text should look like; like JSON Schema 2020-12 by default, the ledger
    /// takes it as a remark, not a reason to refuse. Every other kind refuses the event.
    /// </summary>
    public bool Refuses => Kind != ViolationKind.Format;

    /// <summary>A value of the enumeration spelt in another case (<c>Failure</c> for <c>failure</c>).</summary>
    public bool CaseOnly { get; init; }
}

public enum TextFormat { None, DateTime, Uri, UriReference }

/// <summary>What a member's value must be: the rules a CDEvents release states for it.</summary>
public abstract record Shape;

/// <summary>A string; non-empty where the specification asks for at least one character; one of <paramref name="Values"/> when it enumerates them.</summary>
public sealed record Text(bool NonEmpty = false, TextFormat Format = TextFormat.None, string[]? Values = null, Regex? Pattern = null) : Shape;

/// <summary>An object of the listed members; closed when the specification allows no others; with at least one of <paramref name="AnyOf"/> when given.</summary>
public sealed record ObjectOf(IReadOnlyList<Member> Members, bool Closed = true, IReadOnlyList<string>? AnyOf = null) : Shape
{
    public FrozenDictionary<string, Member> ByName { get; } = Members.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
}

/// <summary>An array whose every item has the shape.</summary>
public sealed record ListOf(Shape Item) : Shape;

/// <summary>An object whose shape is chosen by the value of one of its members (a link's <c>linkType</c>).</summary>
public sealed record Tagged(string Tag, FrozenDictionary<string, ObjectOf> ByTag) : Shape;

/// <summary>Any value of the listed JSON kinds, whatever it holds (<c>customData</c>, a link's <c>tags</c>).</summary>
public sealed record Anything(string Expected, params JsonValueKind[] Kinds) : Shape;

public sealed record Member(string Name, Shape Shape, bool Required = false);

/// <summary>
/// The CDEvents conformance check: a mapped CDEvent against the rules its spec version states for its type
/// (<see cref="CdEventReleases"/>), every violation named by path and kind. Pure and allocation-light: it runs on every
/// mapped event before anything else is read of it.
/// </summary>
public static partial class CdEventConformance
{
    public const string InvalidType = "invalid-cdevent";

    /// <summary>Every violation, or null when no release the ledger knows defines the event's spec version and type (not checked).</summary>
    public static (string Version, string Type, List<Violation> Violations)? Check(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object)
            return null;
        var version = Read(context, "specversion") ?? Read(context, "version");
        var type = Read(context, "type");
        if (version is null || type is null || CdEventReleases.Event(version, type) is not { } shape) return null;
        return (version, type, Violations(data, shape));
    }

    /// <summary>Every violation of the CDEvent against the given rules.</summary>
    public static List<Violation> Violations(JsonElement data, ObjectOf rules)
    {
        var violations = new List<Violation>();
        Walk(data, rules, "data", violations);
        return violations;
    }

    /// <summary>A 400 <c>invalid-cdevent</c> naming each member that refuses the event, or null when none does.</summary>
    public static Problem? Refusal(JsonElement data) => Assess(data, strict: true).Refusal;

    /// <summary>
    /// What the ledger does with the event: refuse it (a 400 naming each member), or record it, flagging the members
    /// that break its version's rules without changing what it means: a type version another release defines for the
    /// same type (<c>service.deployed.0.1.1</c> in a 0.4.1 event) and an outcome spelt in another case (<c>Failure</c>).
    /// Strict mode (<c>CdEvents:Strict</c>) refuses those too.
    /// </summary>
    public static (Problem? Refusal, IReadOnlyList<string> Nonconforming) Assess(JsonElement data, bool strict)
    {
        if (OtherReleasesType(data) is var (otherVersion, otherType))
            return strict ? (Refused(otherVersion, otherType, [new("data/context/type", ViolationKind.NotInEnumeration,
                $"CDEvents {otherVersion} does not define {otherType}; its own version of the type is {CdEventReleases.TypeIn(otherVersion, otherType)}.")]), [])
                : (null, ["data/context/type"]);
        if (Check(data) is not var (version, type, violations)) return (null, []);
        var tolerated = strict ? [] : violations.Where(v => v.CaseOnly && v.Path.EndsWith("/outcome", StringComparison.Ordinal)).ToList();
        var refusing = violations.Where(v => v.Refuses && !tolerated.Contains(v)).ToList();
        return refusing.Count > 0 ? (Refused(version, type, refusing), []) : (null, [.. tolerated.Select(v => v.Path).Distinct(StringComparer.Ordinal)]);
    }

    private static Problem Refused(string version, string type, IEnumerable<Violation> violations) =>
        new(400, InvalidType, "The CDEvent does not conform to its schema",
            $"The CDEvent does not conform to the CDEvents {version} schema of {type} (see errors); nothing was recorded.",
            violations.GroupBy(v => v.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(v => v.Message).ToArray(), StringComparer.Ordinal));

    /// <summary>A spec version the ledger has rules for and a mapped type it describes, whose type version is another release's.</summary>
    private static (string Version, string Type)? OtherReleasesType(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object) return null;
        var version = Read(context, "specversion") ?? Read(context, "version");
        var type = Read(context, "type");
        return version is not null && type is not null && CdEventReleases.Event(version, type) is null && CdEventReleases.TypeIn(version, type) is not null
            ? (version, type) : null;
    }

    private static void Walk(JsonElement value, Shape shape, string path, List<Violation> found)
    {
        switch (shape)
        {
            case Text when value.ValueKind != JsonValueKind.String:
                found.Add(WrongType(path, "a string", value));
                break;
            case Text text:
                var s = value.GetString()!;
                if (text.NonEmpty && s.Length == 0) found.Add(new(path, ViolationKind.Empty, "This member may not be empty."));
                else if (text.Values is { } values && !values.Contains(s))
                    found.Add(new(path, ViolationKind.NotInEnumeration, $"The value {JsonSerializer.Serialize(s)} is not one of {JsonSerializer.Serialize(values)}.")
                    {
                        CaseOnly = values.Contains(s, StringComparer.OrdinalIgnoreCase),
                    });
                else if (text.Pattern is { } pattern && !pattern.IsMatch(s))
                    found.Add(new(path, ViolationKind.NoMatch, $"The value does not match {pattern}."));
                if (text.Format != TextFormat.None && !InFormat(s, text.Format))
                    found.Add(new(path, ViolationKind.Format, $"The value is not a {FormatName(text.Format)}."));
                break;
            case ObjectOf when value.ValueKind != JsonValueKind.Object:
                found.Add(WrongType(path, "an object", value));
                break;
            case ObjectOf record:
                foreach (var member in record.Members)
                    if (member.Required && !value.TryGetProperty(member.Name, out _))
                        found.Add(new($"{path}/{member.Name}", ViolationKind.Missing, "This member is required in this CDEvents version."));
                if (record.AnyOf is { } anyOf && !anyOf.Any(name => value.TryGetProperty(name, out _)))
                    found.Add(new($"{path}/{anyOf[0]}", ViolationKind.Missing, $"One of {string.Join(", ", anyOf)} is required."));
                foreach (var property in value.EnumerateObject())
                    if (record.ByName.TryGetValue(property.Name, out var known)) Walk(property.Value, known.Shape, $"{path}/{property.Name}", found);
                    else if (record.Closed) found.Add(new($"{path}/{property.Name}", ViolationKind.UnknownMember, "This member is not part of the event in this CDEvents version."));
                break;
            case ListOf when value.ValueKind != JsonValueKind.Array:
                found.Add(WrongType(path, "an array", value));
                break;
            case ListOf list:
                var i = 0;
                foreach (var item in value.EnumerateArray()) Walk(item, list.Item, $"{path}/{i++}", found);
                break;
            case Tagged when value.ValueKind != JsonValueKind.Object:
                found.Add(WrongType(path, "an object", value));
                break;
            case Tagged tagged:
                // The specification lists one shape per tag value; a value outside them matches none.
                if (!value.TryGetProperty(tagged.Tag, out var tag))
                    found.Add(new($"{path}/{tagged.Tag}", ViolationKind.Missing, "This member is required in this CDEvents version."));
                else if (tag.ValueKind != JsonValueKind.String) found.Add(WrongType($"{path}/{tagged.Tag}", "a string", tag));
                else if (!tagged.ByTag.TryGetValue(tag.GetString()!, out var chosen))
                    found.Add(new($"{path}/{tagged.Tag}", ViolationKind.NotInEnumeration,
                        $"The value {JsonSerializer.Serialize(tag.GetString())} is not one of {JsonSerializer.Serialize(tagged.ByTag.Keys.Order(StringComparer.Ordinal))}."));
                else Walk(value, chosen, path, found);
                break;
            case Anything anything when !anything.Kinds.Contains(value.ValueKind):
                found.Add(WrongType(path, anything.Expected, value));
                break;
        }
    }

    private static Violation WrongType(string path, string expected, JsonElement value) =>
        new(path, ViolationKind.WrongType, $"Expected {expected}; got {Kind(value.ValueKind)}.");

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number", JsonValueKind.True or JsonValueKind.False => "a boolean", _ => "null",
    };

    private static string FormatName(TextFormat format) => format switch
    {
        TextFormat.DateTime => "date-time (RFC 3339)", TextFormat.Uri => "URI with a scheme (RFC 3986)", _ => "URI reference (RFC 3986)",
    };

    private static bool InFormat(string s, TextFormat format) => format switch
    {
        TextFormat.DateTime => DateTime().IsMatch(s) && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out _),
        TextFormat.Uri => UriReference().IsMatch(s) && Scheme().IsMatch(s),
        _ => UriReference().IsMatch(s),
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex DateTime();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    /// <summary>The characters RFC 3986 allows in a URI reference, percent escapes well formed.</summary>
    [GeneratedRegex(@"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*\z")]
    private static partial Regex UriReference();

    private static string? Read(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
