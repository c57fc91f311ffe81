namespace ChangeLedger.Ingestion;

/// <summary>
/// A refusal of a mapped CDEvent names the member of the event the producer sent (<c>data/subject/content/environment/id</c>),
/// not the member of the ledger request it was mapped onto (<c>environment</c>), which the producer never wrote.
/// </summary>
public static class CdEventPaths
{
    /// <summary>The problem with each error renamed to the CDEvent member it came from: customData's when it was given there, else the subject's.</summary>
    public static Problem Named(Problem problem, CdEvent e)
    {
        if (problem.Errors is not { } errors) return problem;
        var named = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (member, messages) in errors)
        {
            var path = Path(member, e);
            named[path] = named.TryGetValue(path, out var earlier) ? [.. earlier, .. messages] : messages;
        }
        return problem with { Errors = named };
    }

    private static string Path(string member, CdEvent e)
    {
        if (member.StartsWith("data/", StringComparison.Ordinal)) return member;
        var root = member.Split('.', '[')[0];
        if (e.Custom.ValueKind == System.Text.Json.JsonValueKind.Object && e.Custom.TryGetProperty(root, out _)) return "data/customData/" + member.Replace('.', '/');
        return (e.Kind, root) switch
        {
            ("change.created", "changeId") => "data/subject/id",
            (_, "changeId") => "data/subject/id",
            (_, "repository") => "data/subject/content/repository/id",
            (_, "title") => "data/subject/content/description",
            (_, "environment") => "data/subject/content/environment/id",
            (_, "version") => "data/subject/content/artifactId",
            (_, "incidentId" or "holdId") => "data/subject/id",
            (_, "service") => "data/subject/content/service/id",
            (_, "description") => "data/subject/content/description",
            (_, "outcome") => "data/subject/content/outcome",
            ("pipelinerun.finished", "check") => "data/subject/content/pipelineName",
            ("taskrun.finished", "check") => "data/subject/content/taskName",
            ("testsuiterun.finished", "check") => "data/subject/content/testSuite/name",
            ("testcaserun.finished", "check") => "data/subject/content/testCase/name",
            (_, "runUrl") => "data/subject/content/uri",
            (_, "commit" or "headCommit") => "data/customData/" + root,
            _ when member.Length > 0 => "data/customData/" + member.Replace('.', '/'),
            _ => "data",
        };
    }
}
