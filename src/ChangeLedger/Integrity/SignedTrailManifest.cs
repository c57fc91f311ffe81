using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using Marten;

namespace ChangeLedger.Integrity;

/// <summary>
/// Makes a trail export verifiable offline: the manifest names the last hash of every stream in the file and the
/// checkpoint the export ties to (the first one covering its last event, so the choice does not drift), and is
/// signed with the ledger's key as a DSSE envelope (payload type <see cref="TrailManifest.PayloadType"/>), the
/// export's last line. ECDSA signatures are randomized, so two downloads differ in the signature only.
/// </summary>
public static class SignedTrailManifest
{
    public static async Task<object> Seal(IServiceProvider services, ExportManifest plain, IReadOnlyCollection<ChainHeadEntry> heads, long? lastSequence,
        CancellationToken ct)
    {
        var key = services.GetRequiredService<SigningKey>();
        var session = services.GetRequiredService<IQuerySession>();
        var checkpoint = await Checkpoints.Latest(session, ct, lastSequence ?? 0) ?? await Checkpoints.Latest(session, ct);
        var covering = lastSequence ?? 0;
        var note = await session.Events.QueryRawEventDataOnly<LogCheckpointRecorded>().Where(c => c.Sequence >= covering).OrderBy(c => c.Sequence).FirstOrDefaultAsync(ct)
                   ?? await LogCheckpoints.Latest(session, ct);
        var unsigned = new TrailManifest(plain.Type, plain.Export, plain.Query, plain.Rows, plain.Sha256, [.. heads], checkpoint?.ToContract(), key.KeyId,
            CheckpointNote: note?.Note);
        return Dsse.Sign(key.Key, key.KeyId, TrailManifest.PayloadType, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(unsigned, Checkpoints.StatementJson));
    }
}
