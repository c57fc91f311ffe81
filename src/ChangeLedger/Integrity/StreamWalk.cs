using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Integrity;

/// <summary>
/// Walks one stream's rows in version order and names each break once. After a break the walk continues from the
/// stored hash, so one tampered row is one finding, not a cascade over the rest of the stream.
/// </summary>
public sealed class StreamWalk(List<ChainBreak> breaks)
{
    private long _expected;
    private string? _previous;
    private long? _headVersion;
    private string? _headHash;
    private string? _lastHash;

    public string? StreamId { get; private set; }

    /// <summary>The stream's last event at or below the checkpoint's sequence, as stored.</summary>
    public (long Version, string Hash)? CoveredHead { get; private set; }

    public void Begin(string streamId, long? headVersion, string? headHash)
    {
        (StreamId, _headVersion, _headHash, _expected, _previous, _lastHash, CoveredHead) = (streamId, headVersion, headHash, 1, null, null, null);
    }

    public void Next(long version, string type, string data, string? hash, string? previous, string? actor, string? occurredAt, string? principal, long sequence, long? checkpoint)
    {
        var id = StreamId!;
        if (hash is null)
        {
            Add(id, version, "unchained", $"Version {version} carries no hash: it was written outside the ledger, or its headers were removed.");
            (_previous, _expected, _lastHash) = (null, version + 1, null);
            return;
        }
        if (checkpoint is { } upTo && sequence <= upTo) CoveredHead = (version, hash);

        var gap = version > _expected;
        if (gap)
            Add(id, _expected, "deleted", version == _expected + 1
                ? $"Version {_expected} is missing: the stream jumps from {_expected - 1} to {version}."
                : $"Versions {_expected} to {version - 1} are missing: the stream jumps from {_expected - 1} to {version}.");
        else if (previous != _previous)
            Add(id, version, "inserted_or_reordered",
                $"Version {version} does not link to version {version - 1}: an event was inserted here, or versions were swapped.");

        if (!Matches(new ChainInput(previous, id, version, type, occurredAt ?? "", actor ?? "", principal), data, hash))
            Add(id, version, "changed", $"Version {version} ({type}) no longer matches its hash: its data, type, version or metadata was changed after it was recorded.");

        (_previous, _expected, _lastHash) = (hash, version + 1, hash);
    }

    public void End()
    {
        var id = StreamId!;
        if (_headVersion is not { } head) return;
        if (_expected == 1)
            Add(id, head, "missing_stream", $"The chain head records version {head}, but the stream has no events: the stream was deleted.");
        else if (head > _expected - 1)
            Add(id, _expected, "truncated", $"The chain head records version {head}, but the stream ends at version {_expected - 1}: its last events were deleted.");
        else if (head < _expected - 1)
            Add(id, head + 1, "inserted_or_reordered", $"The chain head records version {head}, but the stream goes on to version {_expected - 1}: events were appended outside the chain.");
        else if (_headHash != _lastHash)
            Add(id, head, "changed", $"The last event's hash differs from the chain head recorded at version {head}.");
    }

    private static bool Matches(ChainInput input, string data, string hash)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(data);
        return EventHash.Matches(input, doc.RootElement, hash);
    }

    private void Add(string streamId, long version, string kind, string detail) => breaks.Add(new ChainBreak(streamId, version, kind, detail));
}
