using System.Security.Claims;
using System.Text.Json.Serialization;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace ChangeLedger.Policies;

/// <summary>The teams a repository's CODEOWNERS names were set, all of them at once, each with its members.</summary>
public sealed record CodeOwnerTeamsSet(string Repository, IReadOnlyList<CodeOwnerTeam> Teams, string SetBy, string? Reason, DateTimeOffset OccurredAt) : ILedgerEvent
{
    [JsonIgnore] public string Actor => SetBy;
}

/// <summary>The teams in force for a repository's code owners: the last set, versioned like its policy.</summary>
public sealed record TeamDirectory(string Id, string Repository, IReadOnlyList<CodeOwnerTeam> Teams, long Version, string SetBy, string? Reason, DateTimeOffset SetAt)
    : IAdminManaged
{
    public static string StreamKey(string repository) => "~teams:" + Uri.EscapeDataString(repository);

    [JsonIgnore] public IReadOnlyList<string> Repositories => [Repository];

    public CodeOwnerTeams ToContract() => new(Repository, Teams, Version, SetBy, Reason, SetAt);
}

public sealed partial class TeamDirectoryProjection : SingleStreamProjection<TeamDirectory, string>
{
    public TeamDirectoryProjection() => IncludeType<CodeOwnerTeamsSet>();

    public override TeamDirectory? Evolve(TeamDirectory? current, string id, IEvent e) => e.Data is CodeOwnerTeamsSet set
        ? new TeamDirectory(id, set.Repository, set.Teams, e.Version, set.SetBy, set.Reason, e.Timestamp)
        : current;
}

/// <summary>
/// PUT /v1/repositories/{repository}/teams — the ledger's own definition of the teams a repository's CODEOWNERS names
/// (<c>@org/team</c>), set as a whole through the admin streams' write path (CodeOwnerTeamsSet); the same teams again
/// record nothing (200). GET reads the teams in force, now or as of a past moment. The code-owner rule reads a
/// reviewer as a team's member when the team in force lists the name the reviewer signed in with.
/// </summary>
public sealed record SetCodeOwnerTeams(string Repository, IReadOnlyList<CodeOwnerTeam> Teams, string SetBy, string? Reason, Caller Caller)
    : IStreamWrite<TeamDirectory>
{
    /// <summary>Every write to a repository's teams: folded by their projection.</summary>
    public static readonly StreamKind<TeamDirectory> Writes = new("set-code-owner-teams", "teams", new TeamDirectoryProjection());

    StreamKind<TeamDirectory> IStreamWrite<TeamDirectory>.Kind => Writes;
    public string StreamKey => TeamDirectory.StreamKey(Repository);
    IReadOnlyList<string> IStreamWrite<TeamDirectory>.Reaches => [Repository];
    public Problem Unknown => SetPolicy.OutOfScope(Repository);
    string? IStreamWrite<TeamDirectory>.Location => $"/v1/repositories/{Uri.EscapeDataString(Repository)}/teams";
    public Decision Decide(TeamDirectory? current, DateTimeOffset now) => Decide(current, this, now);
    public object Answer(TeamDirectory teams) => teams.ToContract();

    public const int MaxTeams = 500;
    public const int MaxMembers = 500;

    public static Validation Validate(CodeOwnerTeamsRequest r)
    {
        var v = new Validation()
            .Rule(r.Teams is { Count: <= MaxTeams }, "teams", $"'teams' lists every team, at most {MaxTeams} ([] removes them all).")
            .Required("setBy", r.SetBy)
            .Optional("reason", r.Reason, Validation.Text);
        var teams = r.Teams ?? [];
        for (var i = 0; i < teams.Count && i < MaxTeams; i++)
        {
            var team = teams[i];
            if (team is null)
            {
                v.Add($"teams[{i}]", "A team is an object: { \"team\": \"@org/team\", \"members\": [...] }.");
                continue;
            }
            v.Required($"teams[{i}].team", team.Team)
                .Rule(team.Team is null || team.Team.StartsWith('@') && CodeOwnersRules.IsOwner(team.Team), $"teams[{i}].team",
                    "A team is written as CODEOWNERS writes it: @org/team (or a GitLab @group).")
                .Rule(team.Team is null || teams.Take(i).All(t => !string.Equals(t?.Team, team.Team, StringComparison.OrdinalIgnoreCase)), $"teams[{i}].team",
                    $"'{team.Team}' is listed twice; list each team once.")
                .Rule(team.Members is { Count: <= MaxMembers }, $"teams[{i}].members", $"'members' lists the team's members, at most {MaxMembers}.");
            for (var m = 0; m < (team.Members?.Count ?? 0) && m < MaxMembers; m++)
                v.Required($"teams[{i}].members[{m}]", team.Members![m])
                    .Rule(team.Members[m] is null || !team.Members[m].Any(char.IsWhiteSpace), $"teams[{i}].members[{m}]",
                        "A member is a login name or an e-mail address, without white space.");
        }
        return v;
    }

    /// <summary>Nothing when the same teams, with the same members in the same order, are in force; else the new set.</summary>
    public static Decision Decide(TeamDirectory? current, SetCodeOwnerTeams c, DateTimeOffset now) =>
        current is not null && current.Teams.Count == c.Teams.Count
            && current.Teams.Zip(c.Teams).All(p => p.First.Team == p.Second.Team && p.First.Members.SequenceEqual(p.Second.Members))
            ? Decision.Of()
            : Decision.Of(new CodeOwnerTeamsSet(c.Repository, c.Teams, c.SetBy, c.Reason, now));

    public static void Map(RouteGroupBuilder repositories)
    {
        repositories.MapPut("/{repository}/teams", async (string repository, CodeOwnerTeamsRequest body, ClaimsPrincipal user, Wolverine.IMessageBus bus, CancellationToken ct) =>
            {
                repository = SetPolicy.RepositoryOf(repository);
                if (SetPolicy.ValidateRepository(repository) is { IsValid: false } badRepo) return Problems.Result(badRepo.ToProblem());
                if (Validate(body) is { IsValid: false } invalid) return Problems.Result(invalid.ToProblem());
                if (!user.InScope(repository)) return Problems.Result(SetPolicy.OutOfScope(repository));
                return (await bus.InvokeAsync<WriteOutcome>(new SetCodeOwnerTeams(repository, body.Teams!, body.SetBy!, body.Reason, Caller.Of(user)),
                    CancellationToken.None)).ToResult();
            })
            .RequireAuthorization(Permissions.Administer)
            .WithName("SetCodeOwnerTeams").WithSummary("Set the teams a repository's CODEOWNERS names, with their members (CodeOwnerTeamsSet); the same teams again record nothing")
            .Produces<CodeOwnerTeams>(StatusCodes.Status201Created).Produces<CodeOwnerTeams>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        repositories.MapGet("/{repository}/teams", async (string repository, DateTimeOffset? asOf, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
            {
                repository = SetPolicy.RepositoryOf(repository);
                if (SetPolicy.ValidateRepository(repository) is { IsValid: false } bad) return Problems.Result(bad.ToProblem());
                if (!user.InScope(repository)) return Problems.Result(SetPolicy.OutOfScope(repository));
                var teams = await StreamDocuments.At<TeamDirectory>(session, TeamDirectory.StreamKey(repository), asOf, ct);
                return teams is null
                    ? Problems.Result(new Problem(404, "no-teams", "No teams",
                        $"No teams were set for '{repository}'{(asOf is null ? "" : $" by {asOf:O}")} (PUT /v1/repositories/{{repository}}/teams)."))
                    : Results.Ok(teams.ToContract());
            })
            .RequireAuthorization(Permissions.ReadChanges)
            .WithName("GetCodeOwnerTeams").WithSummary("The teams in force for a repository's code owners (?asOf= for a past moment)")
            .Produces<CodeOwnerTeams>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}

/// <summary>Sets the teams through the one stream-write path.</summary>
public static class SetCodeOwnerTeamsHandler
{
    public static Task<WriteOutcome> Handle(SetCodeOwnerTeams command, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        StreamWrites.Run(command, session, clock, ct);
}

/// <summary>What the code-owner rule reads, loaded together: the CODEOWNERS file and the teams in force.</summary>
public static class CodeOwnersReads
{
    public static async Task<CodeOwnersInForce> InForce(IQuerySession session, string repository, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var owners = batch.Load<CodeOwnership>(CodeOwnership.StreamKey(repository));
        var teams = batch.Load<TeamDirectory>(TeamDirectory.StreamKey(repository));
        await batch.Execute(ct);
        return new CodeOwnersInForce((await owners)?.ToContract(), (await teams)?.ToContract());
    }
}
