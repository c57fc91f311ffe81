namespace ChangeLedger.Integrity;

/// <summary>
/// Marten fills the sequence numbers a failed save had drawn (a lost race, a refused write, an outage) with tombstone
/// rows in a stream of its own, so the daemon never waits on a gap. They belong to no change and carry nothing, so
/// verification and checkpoints leave them out — but only rows that are exactly that: Marten's tombstone stream, its
/// tombstone type, an empty body and no chain headers. Anything else there, and any row in a change's stream, is
/// checked like every event, so a forged row cannot hide as a tombstone.
/// </summary>
public static class Tombstones
{
    public static string Genuine(string alias) =>
        $"({alias}.stream_id = '{JasperFx.Events.Tombstone.StreamKey}' and {alias}.type = '{JasperFx.Events.Tombstone.Name}' " +
        $"and {alias}.data = '{{}}'::jsonb and not coalesce({alias}.headers ? 'hash', false))";
}
