using System.Text.RegularExpressions;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// The service's folders are capabilities on a kernel. A folder may use another, never the other way round too, and
/// the kernel uses none: read from the source, the way a reviewer would check it.
/// </summary>
public sealed partial class FolderDependencies
{
    [GeneratedRegex(@"using ChangeLedger\.(?<folder>[A-Z][A-Za-z]+)\s*;|(?<![.\w])(?<folder>[A-Z][A-Za-z]+)\.[A-Z]\w*")]
    private static partial Regex Reference();

    private static Dictionary<string, HashSet<string>> Graph()
    {
        var root = Path.Combine(PostgresServer.RepositoryRoot(), "src", "ChangeLedger");
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj" or "Properties")).ToHashSet()!;
        var graph = folders.ToDictionary(f => f!, _ => new HashSet<string>());
        foreach (var folder in folders)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder!), "*.cs", SearchOption.AllDirectories))
                foreach (Match m in Reference().Matches(File.ReadAllText(file)))
                    if (m.Groups["folder"].Value is var used && used != folder && folders.Contains(used)) graph[folder!].Add(used);
        return graph;
    }

    [Fact]
    public void no_two_folders_depend_on_each_other()
    {
        var graph = Graph();
        var cycles = graph.SelectMany(a => a.Value.Where(b => graph[b].Contains(a.Key)).Select(b => $"{a.Key} <-> {b}")).ToList();
        cycles.ShouldBeEmpty();
    }

    [Fact]
    public void the_kernel_depends_on_no_capability()
    {
        var graph = Graph();
        graph.ShouldContainKey("Ledger");
        graph["Ledger"].ShouldBeEmpty();
    }
}
