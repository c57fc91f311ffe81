using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Policies;
using ChangeLedger.Release;

namespace ChangeLedger.Tests.Decisions;

/// <summary>
/// Rule code-owners-approved, judged without a host: every changed path of the head has, per owning section, an
/// approval by a verified reviewer who owns it; segregation of duties still applies; unknown paths fail.
/// </summary>
public sealed class CodeOwnersApprovedTests
{
    private static readonly DateTimeOffset Now = History.T0.AddDays(1);
    private const string Repository = "github.com/acme/payments";

    private const string GithubFile = """
        *                 @acme/everyone
        /src/payments/    @erin @acme/payments
        /docs/            docs@example.com
        /src/generated/   @bob
        """;

    private static ReleasePolicy Policy(bool codeOwners = true) =>
        new(Repository, new PolicyRules { RequiredChecks = [], MinApprovals = 1, GeneratedChangesNeedHumanReview = true, CodeOwnersApproved = codeOwners })
        { Version = 2, SetBy = "admin" };

    private static CodeOwnersInForce Owners(string file, CodeOwnersDialect dialect = CodeOwnersDialect.Github, params CodeOwnerTeam[] teams) =>
        new(new CodeOwners(Repository, SetCodeOwners.Digest(file), 3, "admin", null, History.T0, CodeOwnersRules.Parse(file, dialect)),
            teams.Length == 0 ? null : new CodeOwnerTeams(Repository, teams, 1, "admin", null, History.T0));

    private static readonly CodeOwnerTeam Payments = new("@acme/payments", ["gina", "Hal@Example.com"]);

    /// <summary>A generated change (requested by bob) proposed with the paths its head changed.</summary>
    private static History Proposed(IReadOnlyList<string>? changed)
    {
        var template = History.Proposed();
        var command = new ProposeChange(History.Id, Repository, "t", "h1", "b0", "alice", "ci-bot", template.Origin, Scope.Empty, [], null, changed);
        return History.Of(ProposeChange.Decide(null, command, History.T0).Events.OfType<ChangeProposed>().Single());
    }

    private static ReviewDecided Verified(string reviewer, string commit = "h1") =>
        new(History.Id, reviewer, ReviewDecision.Accepted, commit, null, History.T0, DecideReview.Verified, $"jwt:https://login.example#{reviewer}");

    private static IReadOnlyList<VerdictRule> Rules(History h, CodeOwnersInForce owners, ReleasePolicy? policy = null) =>
        [.. Verdict.Evaluate(h.Change, h.Evidence, policy ?? Policy(), "prod", Now, null, owners).Rules.Where(r => r.Rule.StartsWith(CodeOwnersApproved.Rule))];

    [Fact]
    public void off_the_rule_is_not_in_the_verdict_and_the_digest_is_what_it_was()
    {
        var h = Proposed(["src/payments/Pay.cs"]).Then(Verified("erin"));
        var off = Policy(codeOwners: false);

        Rules(h, Owners(GithubFile), off).ShouldBeEmpty();
        Verdict.Evaluate(h.Change, h.Evidence, off, "prod", Now, null, Owners(GithubFile)).InputsDigest
            .ShouldBe(Verdict.Evaluate(h.Change, h.Evidence, off, "prod", Now).InputsDigest);
    }

    [Fact]
    public void each_owned_path_group_names_its_owners_and_the_verified_approval_that_satisfies_it()
    {
        var h = Proposed(["src/payments/Pay.cs", "src/payments/Refund.cs", "README.md"]).Then(Verified("erin")).Then(Verified("gina"));

        var rules = Rules(h, Owners(GithubFile, CodeOwnersDialect.Github, Payments));

        rules.Select(r => (r.Rule, r.Passed)).ShouldBe([("code-owners-approved:*", false), ("code-owners-approved:/src/payments/", true)]);
        rules[0].Detail.ShouldBe("README.md (line 1: @acme/everyone): no verified approval on head h1 by an owner.");
        rules[1].Detail.ShouldBe("src/payments/Pay.cs, src/payments/Refund.cs (line 2: @erin @acme/payments): approved on head h1 by erin, gina (verified).");
        rules[1].Evidence.Select(e => e.Type).ShouldBe(["change_proposed", "review_decided", "review_decided"]);
    }

    [Fact]
    public void a_team_counts_its_members_an_email_owner_its_address_and_an_undefined_team_nobody()
    {
        var withTeams = Owners(GithubFile, CodeOwnersDialect.Github, Payments);
        Rules(Proposed(["src/payments/Pay.cs"]).Then(Verified("gina")), withTeams).Single().Passed.ShouldBeTrue();
        Rules(Proposed(["src/payments/Pay.cs"]).Then(Verified("hal@example.com")), withTeams).Single().Passed.ShouldBeTrue();
        Rules(Proposed(["src/payments/Pay.cs"]).Then(Verified("ivan")), withTeams).Single().Passed.ShouldBeFalse();
        // Without the ledger's team definition, @acme/payments has no member the rule can know.
        Rules(Proposed(["src/payments/Pay.cs"]).Then(Verified("gina")), Owners(GithubFile)).Single().Passed.ShouldBeFalse();
        Rules(Proposed(["docs/guide.md"]).Then(Verified("Docs@Example.com")), withTeams).Single().Passed.ShouldBeTrue();
    }

    [Fact]
    public void an_owners_approval_asserted_through_a_key_does_not_count()
    {
        var rule = Rules(Proposed(["src/payments/Pay.cs"]).Then(History.Review("erin", "h1")), Owners(GithubFile)).Single();

        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("Not counted: erin (asserted, not verified");
        rule.Evidence.Last().Assurance.ShouldBeNull();
    }

    [Fact]
    public void the_owner_who_requested_the_generation_cannot_approve_it()
    {
        // bob requested this generated change and owns /src/generated/: his own approval is never an owner's approval.
        var rule = Rules(Proposed(["src/generated/Client.cs"]).Then(Verified("bob")), Owners(GithubFile)).Single();

        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("bob (requested the generation)");
    }

    [Fact]
    public void an_approval_of_an_older_commit_does_not_count()
    {
        var h = Proposed(["src/payments/Pay.cs"]).Then(Verified("erin", "h0"));
        Rules(h, Owners(GithubFile)).Single().Detail.ShouldContain("erin (accepted h0, not the head commit)");
    }

    [Fact]
    public void unknown_changed_paths_or_no_codeowners_file_fail()
    {
        Rules(Proposed(null).Then(Verified("erin")), Owners(GithubFile)).Single().Detail.ShouldStartWith("Changed paths unknown");
        var none = Rules(Proposed(["src/payments/Pay.cs"]).Then(Verified("erin")), CodeOwnersInForce.None).Single();
        none.Passed.ShouldBeFalse();
        none.Detail.ShouldContain("no CODEOWNERS file is imported");
    }

    [Fact]
    public void a_change_that_touches_no_owned_path_passes()
    {
        var rule = Rules(Proposed(["tools/build.sh"]), Owners("/src/ @erin")).Single();
        rule.Passed.ShouldBeTrue();
        rule.Rule.ShouldBe("code-owners-approved");
    }

    [Fact]
    public void on_gitlab_every_section_that_owns_a_path_asks_its_count_and_an_optional_section_never_blocks()
    {
        const string file = """
            [Backend][2] @erin @gina
            src/

            ^[Docs]
            *.md @docs-team

            [Security]
            src/payments/ @sam
            """;
        var h = Proposed(["src/payments/Pay.cs", "src/README.md"]).Then(Verified("erin")).Then(Verified("sam"));

        var rules = Rules(h, Owners(file, CodeOwnersDialect.Gitlab));

        rules.Select(r => (r.Rule, r.Passed)).ShouldBe(
        [
            ("code-owners-approved:[Backend] src/", false), ("code-owners-approved:[Docs] *.md", true), ("code-owners-approved:[Security] src/payments/", true),
        ]);
        rules[0].Detail.ShouldBe("src/payments/Pay.cs, src/README.md (line 2, section Backend: @erin @gina): 1 of 2 approvals by owners (erin); the section asks for 2.");
        rules[1].Detail.ShouldContain("the section is optional, so it does not block");

        Rules(h.Then(Verified("gina")), Owners(file, CodeOwnersDialect.Gitlab)).ShouldAllBe(r => r.Passed);
    }

    [Fact]
    public void a_release_the_owners_have_not_approved_records_the_verdict_and_nothing_else()
    {
        var h = Proposed(["src/payments/Pay.cs"]).Then(Verified("ivan"));

        var decision = ReleaseChange.Decide(h.Change, h.Evidence, Policy(), new(History.Id, "prod", "1.0", "dave"), Now, null, Owners(GithubFile));

        var recorded = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<ReleaseVerdictRecorded>();
        recorded.Verdict.Ready.ShouldBeFalse();
        recorded.Verdict.Rules.Single(r => r.Rule == "code-owners-approved:/src/payments/").Passed.ShouldBeFalse();

        var approved = h.Then(Verified("erin"));
        ReleaseChange.Decide(approved.Change, approved.Evidence, Policy(), new(History.Id, "prod", "1.0", "dave"), Now, null, Owners(GithubFile))
            .Events.OfType<ChangeReleased>().ShouldHaveSingleItem();
    }

    [Fact]
    public void teams_are_set_as_a_whole_and_the_same_teams_again_record_nothing()
    {
        var set = new SetCodeOwnerTeams(Repository, [Payments], "admin", null, ChangeLedger.Access.Caller.System("test"));
        var first = SetCodeOwnerTeams.Decide(null, set, History.T0).Events.ShouldHaveSingleItem().ShouldBeOfType<CodeOwnerTeamsSet>();
        first.Teams.ShouldBe([Payments]);

        var current = new TeamDirectory("~teams:x", Repository, [new("@acme/payments", ["gina", "Hal@Example.com"])], 1, "admin", null, History.T0);
        SetCodeOwnerTeams.Decide(current, set, History.T0).Events.ShouldBeEmpty();
        SetCodeOwnerTeams.Decide(current, set with { Teams = [new("@acme/payments", ["gina"])] }, History.T0).Events.ShouldHaveSingleItem();
    }

    [Fact]
    public void a_team_is_named_as_codeowners_names_it_once_and_its_members_have_no_white_space()
    {
        var invalid = SetCodeOwnerTeams.Validate(new CodeOwnerTeamsRequest(
            [new("acme/payments", ["gina"]), new("@acme/ops", ["bad name"]), new("@ACME/ops", [])], "admin"));

        invalid.Fields.ShouldBe(["teams[0].team", "teams[1].members[0]", "teams[2].team"], ignoreOrder: true);
        SetCodeOwnerTeams.Validate(new CodeOwnerTeamsRequest(null, "admin")).Fields.ShouldBe(["teams"]);
        SetCodeOwnerTeams.Validate(new CodeOwnerTeamsRequest([Payments, new("@platform", [])], "admin")).IsValid.ShouldBeTrue();
    }
}
