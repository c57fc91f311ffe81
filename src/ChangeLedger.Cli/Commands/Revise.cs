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

        var command = new Command("revise", "Record a new head commit (ChangeRevised)") { change, head, revisedBy, summary, expectedVersion, @base, fromGit, eventId };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var sha = parse.GetValue(head) ?? await Git.Head(ct, common.Host.WorkingDirectory);
            var diff = await common.DiffFacts(parse, fromGit, parse.GetValue(@base), sha, ct);
            var request = new ReviseChangeRequest(sha, parse.GetValue(revisedBy), parse.GetValue(summary),
                common.NewEventId(parse, eventId, "revise", perAttempt: false, parse.GetValue(change), sha), parse.GetValue(expectedVersion),
                BaseCommit: parse.GetValue(@base), PatchId: diff?.PatchId, ChangedPaths: diff?.ChangedPaths, Size: diff?.Size);
            var answer = await client.Post(Common.Path(parse.GetValue(change)!, "/revisions"), request, ct);
            return await common.Report(answer, json, () => $"revised {parse.GetValue(change)} to {sha} (version {answer.Read<WriteResult>().Version})");
        }));
        return command;
    }
}
