using System.CommandLine;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>changeledger review — record a reviewer's decision on a commit.</summary>
public static class Review
{
    public static Command Create(Common common)
    {
        var change = Common.Change();
        var reviewer = Common.Required("--reviewer", "Who decided");
        var decision = Common.Required("--decision", "accepted, revision_requested, split_requested or rejected");
        decision.AcceptOnlyFromAmong("accepted", "revision_requested", "split_requested", "rejected");
        var commit = Common.Optional("--commit", "The commit reviewed (default: git rev-parse HEAD)");
        var comment = Common.Optional("--comment", "Why");
        var eventId = Common.EventId();
        var criteria = Common.Criteria("the reviewer accepts as met (with --decision accepted)");

        var command = new Command("review", "Record a review decision (ReviewDecided)") { change, reviewer, decision, commit, comment, eventId, criteria };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var sha = parse.GetValue(commit) ?? await Git.Head(ct);
            var request = new DecideReviewRequest(parse.GetValue(reviewer), Enum.Parse<ReviewDecision>(parse.GetValue(decision)!.Replace("_", ""), true),
                sha, parse.GetValue(comment), common.NewEventId(parse, eventId, "review", perAttempt: false, parse.GetValue(change), parse.GetValue(reviewer), sha),
                Criteria: Common.CriteriaOf(parse, criteria));
            var answer = await client.Post(Common.Path(parse.GetValue(change)!, "/reviews"), request, ct);
            return await common.Report(answer, json, () => $"recorded {parse.GetValue(decision)} by {request.Reviewer} on {request.Commit}");
        }));
        return command;
    }
}
