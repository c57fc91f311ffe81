using System.Diagnostics;
using Npgsql;

namespace ChangeLedger.ReliabilityTests.Support;

/// <summary>What comparing every projection document with a rebuild from the events found.</summary>
public sealed record RebuildComparison(int Documents, IReadOnlyDictionary<string, int> PerTable, int Differing, int Missing, int Extra, long Events, TimeSpan Took, IReadOnlyList<string> Examples)
{
    public bool Identical => Differing == 0 && Missing == 0 && Extra == 0;
}

/// <summary>
/// Projections compared with a rebuild, as an operator would do it: dump every projection's documents, run the
/// published service's JasperFx command `projections rebuild` (the service stopped), dump again, compare.
/// </summary>
public static class Rebuild
{
    /// <summary>Every projection of the service (docs/architecture.md, "Projections: chosen, not defaulted") and its document table.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "mt_doc_change_record", "mt_doc_repositorypolicy", "mt_doc_apikey", "mt_doc_personactivity",
    ];

    /// <summary>Waits until the asynchronous projection has applied every event, so the documents are complete before they are dumped.</summary>
    public static async Task WaitForTheDaemon(string connectionString, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var behind = await Behind.Scalar(connectionString,
                "select coalesce((select max(seq_id) from ledger.mt_events), 0) - " +
                "coalesce((select last_seq_id from ledger.mt_event_progression where name = 'PersonActivity:All'), 0)");
            if (behind <= 0) return;
            if (clock.Elapsed > bound) throw new TimeoutException($"The asynchronous projection is still {behind} events behind after {bound}.");
            await Task.Delay(250);
        }
    }

    /// <summary>Every projection document: table and id → its JSON (jsonb's text, which does not depend on member order).</summary>
    public static async Task<Dictionary<string, string>> Documents(string connectionString)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand($"select id::text, data::text from ledger.{table}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) documents[table + "/" + reader.GetString(0)] = reader.GetString(1);
        }
        return documents;
    }

    /// <summary>The service must be stopped: dumps, rebuilds every projection with the published service's command, dumps again.</summary>
    public static async Task<RebuildComparison> CompareWithARebuild(string connectionString)
    {
        var before = await Documents(connectionString);
        var events = await Behind.Scalar(connectionString, "select count(*) from ledger.mt_events");
        var clock = Stopwatch.StartNew();
        var (code, output) = await Shell.Run("dotnet", [await Published.Dll(), "projections", "rebuild", "--log-level", "Warning"], TimeSpan.FromMinutes(4),
            new Dictionary<string, string> { ["ConnectionStrings__Ledger"] = connectionString });
        var took = clock.Elapsed;
        if (code != 0) throw new InvalidOperationException($"projections rebuild exited with {code}:\n{output}");
        var after = await Documents(connectionString);

        var differing = before.Where(d => after.TryGetValue(d.Key, out var rebuilt) && rebuilt != d.Value).Select(d => d.Key).ToList();
        var missing = before.Keys.Where(k => !after.ContainsKey(k)).ToList();
        var extra = after.Keys.Where(k => !before.ContainsKey(k)).ToList();
        var examples = differing.Take(3).Select(k => $"{k}:\n  before {before[k]}\n  after  {after[k]}")
            .Concat(missing.Take(3).Select(k => "missing after the rebuild: " + k)).Concat(extra.Take(3).Select(k => "only after the rebuild: " + k)).ToList();
        var perTable = Tables.ToDictionary(t => t, t => before.Keys.Count(k => k.StartsWith(t + "/", StringComparison.Ordinal)));
        return new RebuildComparison(before.Count, perTable, differing.Count, missing.Count, extra.Count, events, took, examples);
    }
}
