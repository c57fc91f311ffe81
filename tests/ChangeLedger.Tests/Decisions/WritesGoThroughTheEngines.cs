using System.Text.RegularExpressions;
using ChangeLedger.Access;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// Nothing appends to a stream but the write engines, so no use case can skip what they do for every write (the lock,
/// scope, receipts, the expected version, appending as the caller, which the listener seals and stamps): read from
/// the source and the types, the way a reviewer would check it.
/// </summary>
public sealed partial class WritesGoThroughTheEngines
{
    [GeneratedRegex(@"\.Events\s*\.\s*(Append|StartStream|AppendOptimistic|AppendExclusive)\b|\.AppendMany\(")]
    private static partial Regex Appending();

    private static readonly string Source = Path.Combine(PostgresServer.RepositoryRoot(), "src", "ChangeLedger");

    private static readonly Type[] StreamWrites =
        [.. typeof(IStreamWrite<>).Assembly.GetTypes().Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStreamWrite<>)))];

    [Fact]
    public void only_the_engines_append_events()
    {
        var appending = Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains("Internal"))
            .Where(f => Appending().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Source, f).Replace('\\', '/')).Order().ToList();

        // The ledger's one engine, which the change writes and every other stream's writes run through, and the log's
        // checkpoints, which are the ledger's own record of itself (docs/architecture.md).
        appending.ShouldBe(["Integrity/LogCheckpoints.cs", "Ledger/StreamEngine.cs"]);
    }

    [Fact]
    public void every_write_to_a_stream_other_than_a_change_is_sealed_data_handled_by_the_engine()
    {
        StreamWrites.Length.ShouldBeGreaterThanOrEqualTo(11);
        var handlers = Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains("Internal"))
            .Select(File.ReadAllText).ToList();
        foreach (var write in StreamWrites)
        {
            write.IsSealed.ShouldBeTrue($"{write.Name} is not sealed");
            write.GetMethod("<Clone>$").ShouldNotBeNull($"{write.Name} is not a record");
            // Its Wolverine handler hands it to the engine: the one place a write to such a stream is made.
            var handler = handlers.SingleOrDefault(text => Regex.IsMatch(text, $@"Handle\({write.Name} command\b"));
            handler.ShouldNotBeNull($"no handler of {write.Name}");
            Regex.IsMatch(handler, $@"Handle\({write.Name} command[^{{]*\)\s*(=>\s*StreamWrites\.Run\(command|\{{\s*var outcome = await StreamWrites\.Run\(command)")
                .ShouldBeTrue($"the handler of {write.Name} does not begin by running the engine");
        }
    }
}
