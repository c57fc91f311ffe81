using System.Data.Common;
using Marten;
using Marten.Internal;
using Marten.Linq.QueryHandlers;
using Weasel.Core;
using Weasel.Storage;
using ICommandBuilder = Weasel.Postgresql.ICommandBuilder;

namespace ChangeLedger.Ledger;

/// <summary>
/// The ledger's own bookkeeping beside a write's events, the chain heads and the receipts, read in one statement and
/// written in one statement: a single write would otherwise spend four statements on them (each document type its
/// own select and its own insert). One instance lives on a session (in its listener list, so it lives and dies with
/// the session): the write engine leaves there the heads it read under its locks and the receipts it keeps;
/// <see cref="LedgerSessionListener"/> takes the heads and adds the ones it seals. The rows are Marten's documents as
/// Marten stores them, so every other reader (<c>LoadAsync&lt;ChainHead&gt;</c>, the late receipt read) is unchanged.
/// </summary>
public sealed class LedgerRows : DocumentSessionListenerBase
{
    /// <summary>Heads read after the stream was locked for writing, in the same transaction (null: the stream has none yet).</summary>
    public Dictionary<string, ChainHead?> Heads { get; } = new(StringComparer.Ordinal);

    private Writing? _writing;

    public static LedgerRows Of(IDocumentSession session)
    {
        if (session.Listeners.OfType<LedgerRows>().FirstOrDefault() is not { } rows) session.Listeners.Add(rows = new LedgerRows());
        return rows;
    }

    /// <summary>
    /// The session's instance, or, for a session no engine opened (a checkpoint, a test's own append), one of its own:
    /// not added to the session's listeners, which Marten is walking while the listener seals.
    /// </summary>
    public static LedgerRows On(IDocumentSession session) => session.Listeners.OfType<LedgerRows>().FirstOrDefault() ?? new LedgerRows();

    /// <summary>Adds to <paramref name="batch"/> the one query that reads the heads of <paramref name="streams"/> and the receipts of <paramref name="eventIds"/>.</summary>
    public static Task<(IReadOnlyList<ChainHead> Heads, IReadOnlyList<IngestionReceipt> Receipts)> Read(
        Marten.Services.BatchQuerying.IBatchedQuery batch, string[] streams, string[] eventIds) =>
        batch.AddItem(new Reading(streams, eventIds));

    /// <summary>Keeps a receipt, written with the heads in this session's one statement.</summary>
    public void Keep(IDocumentSession session, IngestionReceipt receipt) => WritingOn(session).Receipts.Add(receipt);

    /// <summary>Stores the heads sealing left, in the same statement as the receipts.</summary>
    public void Store(IDocumentSession session, IEnumerable<ChainHead> heads)
    {
        // One row per stream: an upsert statement may not touch a row twice.
        foreach (var head in heads) WritingOn(session).Heads[head.Id] = head;
    }

    // Queued once, when the session first has something to write; its SQL is made when Marten builds the batch,
    // after the listener has sealed, so receipts kept before and heads sealed after go into the same statement.
    private Writing WritingOn(IDocumentSession session)
    {
        if (_writing is null) session.QueueOperation(_writing = new Writing());
        return _writing;
    }

    private static string Table<T>(IMartenSession session) => session.StorageFor(typeof(T)).TableName.QualifiedName;

    private sealed class Reading(string[] streams, string[] eventIds) : IQueryHandler<(IReadOnlyList<ChainHead>, IReadOnlyList<IngestionReceipt>)>
    {
        public void ConfigureCommand(ICommandBuilder builder, IStorageSession storage)
        {
            var session = (IMartenSession)storage;
            builder.Append($"select 0, d.data from {Table<ChainHead>(session)} as d where d.id = any(");
            builder.AppendParameter(streams);
            builder.Append($") union all select 1, r.data from {Table<IngestionReceipt>(session)} as r where r.id = any(");
            builder.AppendParameter(eventIds);
            builder.Append(")");
        }

        public (IReadOnlyList<ChainHead>, IReadOnlyList<IngestionReceipt>) Handle(DbDataReader reader, IStorageSession storage) =>
            throw new NotSupportedException("The ledger reads asynchronously.");

        public async Task<(IReadOnlyList<ChainHead>, IReadOnlyList<IngestionReceipt>)> HandleAsync(DbDataReader reader, IStorageSession storage, CancellationToken token)
        {
            var session = (IMartenSession)storage;
            List<ChainHead> heads = [];
            List<IngestionReceipt> receipts = [];
            while (await reader.ReadAsync(token))
            {
                if (reader.GetInt32(0) == 0) heads.Add(session.Serializer.FromJson<ChainHead>(reader, 1));
                else receipts.Add(session.Serializer.FromJson<IngestionReceipt>(reader, 1));
            }
            return (heads, receipts);
        }

        public Task<int> StreamJson(Stream stream, DbDataReader reader, CancellationToken token) =>
            throw new NotSupportedException("Read into documents only.");
    }

    // Returns no result set: the marker keeps Marten from advancing the batch's reader past the next operation's result.
    private sealed class Writing : Marten.Internal.Operations.IStorageOperation, NoDataReturnedCall
    {
        public Dictionary<string, ChainHead> Heads { get; } = new(StringComparer.Ordinal);
        public List<IngestionReceipt> Receipts { get; } = [];

        public Type DocumentType => typeof(ChainHead);

        public OperationRole Role() => OperationRole.Upsert;

        /// <summary>
        /// One statement: the receipts inserted (a taken eventId fails the transaction with a unique violation, a
        /// conflict the write path retries on fresh state, where it replays) and the heads upserted, each a Marten
        /// document row (its version and modified time from the table's defaults).
        /// </summary>
        public void ConfigureCommand(ICommandBuilder builder, IStorageSession storage)
        {
            var session = (IMartenSession)storage;
            builder.Append($"with receipts as (insert into {Table<IngestionReceipt>(session)} (id, data, mt_dotnet_type) select r.id, r.data::jsonb, ");
            builder.AppendParameter(typeof(IngestionReceipt).FullName!);
            builder.Append(" from unnest(");
            builder.AppendParameter(Receipts.Select(r => r.Id).ToArray());
            builder.Append(", ");
            builder.AppendParameter(Receipts.Select(r => session.Serializer.ToJson(r)).ToArray());
            builder.Append($") as r(id, data)) insert into {Table<ChainHead>(session)} as h (id, data, mt_dotnet_type) select n.id, n.data::jsonb, ");
            builder.AppendParameter(typeof(ChainHead).FullName!);
            builder.Append(" from unnest(");
            builder.AppendParameter(Heads.Keys.ToArray());
            builder.Append(", ");
            builder.AppendParameter(Heads.Values.Select(h => session.Serializer.ToJson(h)).ToArray());
            builder.Append(") as n(id, data) on conflict (id) do update set data = excluded.data, mt_version = excluded.mt_version, " +
                           "mt_dotnet_type = excluded.mt_dotnet_type, mt_last_modified = excluded.mt_last_modified");
        }

        public void Postprocess(DbDataReader reader, IList<Exception> exceptions) { }

        public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;
    }
}
