using System.CommandLine;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>
/// changeledger revise — the change has a new head commit (a push to the pull request). Checks and reviews of older
/// commits become stale, so the gate asks for them again on the new head, unless --from-git shows a rebase that left
/// the diff alone (the same patch-id) and the policy carries evidence over.
/// </summary>
public static class Revise
{
    public static Command Create(Common common)
    {
        var change = Common.Change();
        var head = Common.Optional("--head", "The new head commit (default: git rev-parse HEAD)");
        var revisedBy = Common.Required("--revised-by", "Who pushed the new commit");
        var summary = Common.Optional("--summary", "What changed since the previous head");
        var expectedVersion = new Option<long?>("--expected-version") { Description = "Refuse (409) unless the change is still at this version" };
        var @base = Common.Optional("--base", "The new base commit, when the change was rebased");
        var fromGit = Common.FromGit();
        var eventId = Common.EventId();
        var add = new Option<string[]>("--add-criterion") { Description = "A new acceptance criterion (repeatable): TEXT gets the next AC-n, ID=TEXT its own id" };
        var reword = new Option<string[]>("--reword-criterion") { Description = "ID=TEXT: new wording of a criterion (repeatable); evidence before it no longer covers it" };
        var drop = new Option<string[]>("--drop-criterion") { Description = "The id of a criterion that no longer applies (repeatable)" };

        var command = new Command("revise", "Record a new head commit (ChangeRevised)") { change, head, revisedBy, summary, expectedVersion, @base, fromGit, eventId, add, reword, drop };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var sha = parse.GetValue(head) ?? await Git.Head(ct, common.Host.WorkingDirectory);
            var diff = await common.DiffFacts(parse, fromGit, parse.GetValue(@base), sha, ct);
            var request = new ReviseChangeRequest(sha, parse.GetValue(revisedBy), parse.GetValue(summary),
                common.NewEventId(parse, eventId, "revise", perAttempt: false, parse.GetValue(change), sha), parse.GetValue(expectedVersion),
                BaseCommit: parse.GetValue(@base), PatchId: diff?.PatchId, ChangedPaths: diff?.ChangedPaths, Criteria: CriteriaOf(parse, add, reword, drop), Size: diff?.Size);
            var answer = await client.Post(Common.Path(parse.GetValue(change)!, "/revisions"), request, ct);
            return await common.Report(answer, json, () => $"revised {parse.GetValue(change)} to {sha} (version {answer.Read<WriteResult>().Version})");
        }));
        return command;
    }

    private static CriteriaRevisionBody? CriteriaOf(ParseResult parse, Option<string[]> add, Option<string[]> reword, Option<string[]> drop)
    {
        string[] added = parse.GetValue(add) ?? [], reworded = parse.GetValue(reword) ?? [], dropped = parse.GetValue(drop) ?? [];
        if (added.Length + reworded.Length + dropped.Length == 0) return null;
        return new CriteriaRevisionBody(added.Length == 0 ? null : [.. added.Select(a => Split(a, idRequired: false))],
            reworded.Length == 0 ? null : [.. reworded.Select(r => Split(r, idRequired: true))], dropped.Length == 0 ? null : dropped);
    }

    /// <summary>ID=TEXT, where the id has no space (AC-3, REQ.7); otherwise, where the id may be left out, all of it is the text.</summary>
    private static CriterionBody Split(string value, bool idRequired)
    {
        var at = value.IndexOf('=');
        var id = at > 0 ? value[..at].Trim() : null;
        if (id is not null && !id.Any(char.IsWhiteSpace)) return new CriterionBody(id, value[(at + 1)..].Trim());
        if (idRequired) throw new CliException(ExitCodes.Usage, $"'{value}' is not ID=TEXT, e.g. AC-2=\"a declined capture is never retried\".");
        return new CriterionBody(null, value);
    }
}
