using System.CommandLine;
using ChangeLedger.Contracts;

namespace ChangeLedger.Cli.Commands;

/// <summary>changeledger propose — record that a change exists (typically when a pull request opens).</summary>
public static class Propose
{
    public static Command Create(Common common)
    {
        var change = Common.Change();
        var repository = Common.Required("--repository", "Repository, e.g. github.com/acme/payments");
        var title = Common.Required("--title", "What the change does");
        var owner = Common.Required("--owner", "The accountable human");
        var head = Common.Optional("--head", "Head commit (default: git rev-parse HEAD)");
        var @base = Common.Optional("--base", "Base commit");
        var submittedBy = Common.Optional("--submitted-by", "Who submitted it (default: the owner)");
        var origin = new Option<string>("--origin") { Description = "generated or human", DefaultValueFactory = _ => "human" };
        origin.AcceptOnlyFromAmong("generated", "human");
        var tool = Common.Optional("--tool", "The generating tool, for --origin generated");
        var model = Common.Optional("--model", "The model used");
        var promptRef = Common.Optional("--prompt-ref", "Where the prompt is kept");
        var session = Common.Optional("--session", "The generation session id");
        var requestedBy = Common.Optional("--requested-by", "Who asked for the generation");
        var includes = new Option<string[]>("--include") { Description = "A path the change claims to touch, as a glob (repeatable), e.g. src/refunds/**" };
        var excludes = new Option<string[]>("--exclude") { Description = "A path inside the includes the change leaves alone (repeatable)" };
        var criteria = new Option<string[]>("--criterion") { Description = "An acceptance criterion (repeatable); the first is AC-1, the next AC-2…" };
        var fromGit = Common.FromGit();
        var eventId = Common.EventId();

        var command = new Command("propose", "Record that a change exists (ChangeProposed)")
        {
            change, repository, title, owner, head, @base, submittedBy, origin, tool, model, promptRef, session, requestedBy, includes, excludes, criteria, fromGit, eventId,
        };
        command.SetAction((parse, ct) => common.Run(parse, async (client, json) =>
        {
            var sha = parse.GetValue(head) ?? await Git.Head(ct, common.Host.WorkingDirectory);
            var diff = await common.DiffFacts(parse, fromGit, parse.GetValue(@base), sha, ct);
            string[] scopeIncludes = parse.GetValue(includes) ?? [], scopeExcludes = parse.GetValue(excludes) ?? [];
            var request = new ProposeChangeRequest(parse.GetValue(change), parse.GetValue(repository), parse.GetValue(title),
                sha, parse.GetValue(@base), parse.GetValue(owner),
                parse.GetValue(submittedBy) ?? parse.GetValue(owner),
                new OriginBody(parse.GetValue(origin) == "generated" ? OriginKind.Generated : OriginKind.Human, parse.GetValue(tool),
                    parse.GetValue(model), parse.GetValue(promptRef), parse.GetValue(session), parse.GetValue(requestedBy)),
                scopeIncludes.Length + scopeExcludes.Length == 0 ? null : new ScopeBody(scopeIncludes, scopeExcludes),
                parse.GetValue(criteria) is { Length: > 0 } texts ? texts : null,
                EventId: common.NewEventId(parse, eventId, "propose", perAttempt: false, parse.GetValue(change)),
                PatchId: diff?.PatchId, ChangedPaths: diff?.ChangedPaths, Size: diff?.Size);
            var answer = await client.Post("v1/changes", request, ct);
            return await common.Report(answer, json, () => $"proposed {request.ChangeId} (version {answer.Read<WriteResult>().Version})");
        }));
        return command;
    }
}
