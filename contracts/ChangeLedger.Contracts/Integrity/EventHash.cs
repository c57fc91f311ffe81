using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChangeLedger.Contracts.Integrity;

/// <summary>
/// What one event's hash covers. OccurredAt, Actor and Principal are the strings stored with the event (headers).
/// Principal (who authenticated: an API key or a token's issuer and subject) is absent on events written before it was
/// recorded; those keep their seven-member hash input, so they verify as they always did.
/// </summary>
public sealed record ChainInput(string? PreviousHash, string StreamId, long Version, string EventType, string OccurredAt, string Actor, string? Principal = null);

/// <summary>
/// hash = SHA-256 over the UTF-8 canonical JSON array [previousHash|null, streamId, version, eventType, data,
/// occurredAt, actor, principal], as lower-case hex; without principal (seven members) for events recorded before it
/// was. An array, not a concatenation, so no field can bleed into the next.
/// </summary>
public static class EventHash
{
    public static string Compute(ChainInput input, JsonElement data) => Compute(input, CanonicalJson.Encode(data));

    /// <summary>
    /// Whether a stored hash matches: events sealed since RFC 8785 numbers hash their data with it; events sealed before
    /// hashed numbers in the legacy form, and the two forms differ only on numbers, so the legacy form is tried when
    /// the first does not match. Both forms tell apart exactly the same doubles, so this accepts no other content.
    /// </summary>
    public static bool Matches(ChainInput input, JsonElement data, string hash) =>
        Compute(input, data) == hash || Compute(input, CanonicalJson.EncodeLegacy(data)) == hash;

    private static string Compute(ChainInput input, byte[] canonicalData)
    {
        var prefix = new StringBuilder(128).Append('[');
        prefix.Append(input.PreviousHash is null ? "null" : Quote(input.PreviousHash)).Append(',');
        prefix.Append(Quote(input.StreamId)).Append(',');
        prefix.Append(input.Version.ToString(CultureInfo.InvariantCulture)).Append(',');
        prefix.Append(Quote(input.EventType)).Append(',');
        var suffix = input.Principal is null
            ? $",{Quote(input.OccurredAt)},{Quote(input.Actor)}]"
            : $",{Quote(input.OccurredAt)},{Quote(input.Actor)},{Quote(input.Principal)}]";
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(prefix.ToString()));
        sha.AppendData(canonicalData);
        sha.AppendData(Encoding.UTF8.GetBytes(suffix));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string Compute(ChainInput input, string dataJson)
    {
        using var doc = JsonDocument.Parse(dataJson);
        return Compute(input, doc.RootElement);
    }

    /// <summary>The one string form of occurredAt that enters a hash: UTC, seven fractional digits, 'Z'.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Quote(string s)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(s));
        return Encoding.UTF8.GetString(CanonicalJson.Encode(doc.RootElement));
    }
}
