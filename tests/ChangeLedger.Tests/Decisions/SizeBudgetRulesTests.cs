using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Policies;
using ChangeLedger.Release;

namespace ChangeLedger.Tests.Decisions;

/// <summary>Small enough to review: diff sizes recorded per revision, judged by the size budget, summed per week when merged. No host.</summary>
public sealed class SizeBudgetRulesTests
{
    private static readonly DateTimeOffset Now = History.T0.AddDays(1);
    private static readonly SizeBudget Budget = new(Generated: new SizeLimit(MaxChangedLines: 400, MaxChangedFiles: 20));

    private static ReleasePolicy Policy(SizeBudget? budget) =>
        new("github.com/acme/payments", new PolicyRules { RequiredChecks = [], MinApprovals = 1, GeneratedChangesNeedHumanReview = true, SizeBudget = budget })
        { Version = 2, SetBy = "admin" };

    private static VerdictRule? Rule(History h, SizeBudget? budget) =>
        Verdict.Evaluate(h.Change, h.Evidence, Policy(budget), "prod", Now).Rules.SingleOrDefault(r => r.Rule == WithinSizeBudget.Rule);

    /// <summary>The proposal as the service decides it, with the size the client sent.</summary>
    private static ChangeProposed Proposed(DiffSize? size, OriginKind kind = OriginKind.Generated)
    {
        var template = History.Proposed(kind);
        var command = new ProposeChange(History.Id, template.Repository, "t", "h1", "b0", "alice", "ci-bot", template.Origin, Scope.Empty, [], Size: size);
        return ProposeChange.Decide(null, command, History.T0).Events.OfType<ChangeProposed>().Single();
    }

    private static ChangeRevised Revised(History h, string head, DiffSize? size) =>
        ReviseChange.Decide(h.Change, new ReviseChange(History.Id, head, "alice", Size: size), History.T0).Events.OfType<ChangeRevised>().Single();

    private static History Reviewed(ChangeProposed proposed) => History.Of(proposed, History.Review("erin", proposed.HeadCommit));

    [Fact]
    public void without_a_budget_the_rule_is_absent_and_the_verdict_reads_as_before()
    {
        var sized = Reviewed(Proposed(new DiffSize(3, 900, 100)));
        Rule(sized, null).ShouldBeNull();
        var unsized = Reviewed(Proposed(null));
        Verdict.Evaluate(unsized.Change, unsized.Evidence, Policy(null), "prod", Now).InputsDigest
            .ShouldBe(Verdict.Evaluate(unsized.Change, unsized.Evidence, Policy(new SizeBudget()), "prod", Now).InputsDigest);
    }

    [Fact]
    public void the_proposal_records_the_size_with_its_head()
    {
        var h = History.Of(Proposed(new DiffSize(4, 120, 30)));
        h.Evidence.Size.ShouldBe(new RecordedSize("h1", new DiffSize(4, 120, 30), 1));
        History.Of(Proposed(null)).Evidence.Size.ShouldBeNull();
    }

    [Fact]
    public void a_change_whose_size_is_not_recorded_fails_with_size_unknown()
    {
        var rule = Rule(Reviewed(Proposed(null)), Budget).ShouldNotBeNull();
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldBe("Size unknown: no diff size is recorded for head h1, so being within the generated budget (at most 400 changed lines, at most 20 files) is not shown.");
        rule.Evidence.ShouldBeEmpty();
    }

    [Fact]
    public void a_change_over_budget_fails_with_split_suggested_and_the_numbers()
    {
        var rule = Rule(Reviewed(Proposed(new DiffSize(31, 700, 112))), Budget).ShouldNotBeNull();
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldBe("Split suggested: head h1 changes 812 line(s) (+700 -112) in 31 file(s); 812 lines over the budget of 400, 31 files over the budget of 20 for generated changes.");
        rule.Evidence.Single().ShouldBe(new EventRef(1, "change_proposed", "head h1 changes 812 line(s) (+700 -112) in 31 file(s)"));
    }

    [Fact]
    public void a_change_within_budget_passes_with_its_proposal_as_evidence()
    {
        var h = Reviewed(Proposed(new DiffSize(20, 300, 100)));
        var rule = Rule(h, Budget).ShouldNotBeNull();
        rule.Passed.ShouldBeTrue();
        rule.Detail.ShouldBe("Within the generated budget (at most 400 changed lines, at most 20 files): head h1 changes 400 line(s) (+300 -100) in 20 file(s).");
        Verdict.Evaluate(h.Change, h.Evidence, Policy(Budget), "prod", Now).Ready.ShouldBeTrue();
    }

    [Fact]
    public void a_human_change_is_measured_only_when_the_budget_names_human_changes()
    {
        var h = Reviewed(Proposed(new DiffSize(50, 5000, 0), OriginKind.Human));
        Rule(h, Budget).ShouldNotBeNull().Detail.ShouldBe("The policy sets no size budget for human-written changes.");
        var both = Budget with { Human = new SizeLimit(MaxChangedFiles: 40) };
        Rule(h, both).ShouldNotBeNull().Detail.ShouldBe("Split suggested: head h1 changes 5,000 line(s) (+5,000 -0) in 50 file(s); 50 files over the budget of 40 for human-written changes.");
    }

    [Fact]
    public void a_revision_without_a_size_leaves_the_head_unmeasured_and_one_with_a_size_measures_it()
    {
        var h = Reviewed(Proposed(new DiffSize(2, 10, 0)));
        h.Then(Revised(h, "h2", null)).Then(History.Review("erin", "h2"));
        var unknown = Rule(h, Budget).ShouldNotBeNull();
        unknown.Detail.ShouldStartWith("Size unknown: no diff size is recorded for head h2");
        unknown.Evidence.Single().ShouldBe(new EventRef(1, "change_proposed", "size of h1, not the head"));

        h.Then(Revised(h, "h3", new DiffSize(1, 5, 5))).Then(History.Review("erin", "h3"));
        var measured = Rule(h, Budget).ShouldNotBeNull();
        measured.Passed.ShouldBeTrue();
        measured.Evidence.Single().ShouldBe(new EventRef(5, "change_revised", "head h3 changes 10 line(s) (+5 -5) in 1 file(s)"));
    }

    [Fact]
    public void a_split_s_children_carry_their_own_sizes_and_name_their_parent()
    {
        var parent = Reviewed(Proposed(new DiffSize(31, 700, 112)));
        var split = SplitChange.Decide(parent.Change, new SplitChange(History.Id,
            [new SplitChild("chg-1a", "first half", Scope.Empty, new DiffSize(12, 300, 50)), new SplitChild("chg-1b", "second half", Scope.Empty)], "alice", "too big"), History.T0);
        var children = split.Starts.Select(s => (ChangeProposed)s.Event).ToList();
        children.Select(c => c.Size).ShouldBe([new DiffSize(12, 300, 50), null]);

        var first = new History().Then(children[0] with { ChangeId = History.Id }).Then(History.Review("erin", "h1"));
        Rule(first, Budget).ShouldNotBeNull().Detail.ShouldBe("Within the generated budget (at most 400 changed lines, at most 20 files): head h1 changes 350 line(s) (+300 -50) in 12 file(s). Split from chg-1.");
        var second = new History().Then(children[1] with { ChangeId = History.Id });
        Rule(second, Budget).ShouldNotBeNull().Detail.ShouldEndWith("is not shown. Split from chg-1.");

        parent.Then(split.Events.Single());
        Rule(parent, Budget).ShouldNotBeNull().Detail.ShouldEndWith("Split into chg-1a, chg-1b.");
    }

    [Fact]
    public void a_merge_records_the_head_s_lines_and_the_verified_human_who_accepted_them()
    {
        var h = History.Of(Proposed(new DiffSize(3, 90, 10)),
            new ReviewDecided(History.Id, "erin", ReviewDecision.Accepted, "h1", null, History.T0, DecideReview.Verified, "erin@acme"),
            History.Review("frank", "h1"));
        Merged(h).ShouldBe(new MergedLines(true, 100, "erin"));

        var asserted = History.Of(Proposed(new DiffSize(3, 90, 10)), History.Review("frank", "h1"));
        Merged(asserted).ShouldBe(new MergedLines(true, 100));
        Merged(History.Of(Proposed(null))).ShouldBeNull();

        var withdrawn = History.Of(Proposed(new DiffSize(3, 90, 10)),
            new ReviewDecided(History.Id, "erin", ReviewDecision.Accepted, "h1", null, History.T0, DecideReview.Verified, "erin@acme"),
            new ReviewDecided(History.Id, "erin", ReviewDecision.RevisionRequested, "h1", null, History.T0, DecideReview.Verified, "erin@acme"));
        Merged(withdrawn)!.VerifiedReviewer.ShouldBeNull();
    }

    private static MergedLines? Merged(History h) =>
        MergeChange.Decide(h.Change, new MergeChange(History.Id, "bot", null), Now).Events.OfType<ChangeMerged>().Single().Lines;

    [Fact]
    public void the_accumulation_sums_generated_lines_merged_per_iso_week_and_counts_unknown_sizes_apart()
    {
        Change Merged(string id, OriginKind kind, DiffSize? size, bool verified, DateTimeOffset at)
        {
            var h = History.Of(Proposed(size, kind) with { ChangeId = id });
            if (verified) h.Then(new ReviewDecided(History.Id, "erin", ReviewDecision.Accepted, "h1", null, History.T0, DecideReview.Verified, "erin@acme"));
            var decided = MergeChange.Decide(h.Change, new MergeChange(id, "bot", null), at).Events.Single();
            return h.Then(((ChangeMerged)decided) with { OccurredAt = at }).Change;
        }
        var monday = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero); // ISO week 2026-W49
        var changes = new[]
        {
            Merged("a", OriginKind.Generated, new DiffSize(2, 100, 20), verified: true, monday.AddHours(3)),
            Merged("b", OriginKind.Generated, new DiffSize(5, 300, 0), verified: false, monday.AddDays(6)),
            Merged("c", OriginKind.Generated, null, verified: true, monday.AddDays(2)),
            Merged("d", OriginKind.Human, new DiffSize(1, 1000, 0), verified: true, monday.AddDays(1)),
            Merged("e", OriginKind.Generated, new DiffSize(1, 40, 0), verified: true, monday.AddDays(7)),
        };

        var accumulation = ReadAccumulation.Of("github.com/acme/payments", changes, monday, monday.AddDays(14));

        accumulation.Weeks.ShouldBe([
            new AccumulationWeek("2026-W49", new DateOnly(2026, 11, 30), 3, 420, 120, 1),
            new AccumulationWeek("2026-W50", new DateOnly(2026, 12, 7), 1, 40, 40, 0),
        ]);
    }

    [Fact]
    public void a_budget_limit_is_at_least_one_and_sizes_are_not_negative()
    {
        var bad = SetPolicy.Validate(new SetPolicyRequest([], 1, true, "ann", SizeBudget: new SizeBudget(new SizeLimit(0, -1))));
        bad.ToProblem().Errors!.Keys.ShouldBe(["sizeBudget.generated.maxChangedLines", "sizeBudget.generated.maxChangedFiles"], ignoreOrder: true);
        var proposal = new ProposeChangeRequest("c-1", "r", "t", "abc1234", null, "alice", "alice", new OriginBody(OriginKind.Human), Size: new DiffSizeBody(1, -5, null));
        ProposeChange.Validate(proposal).ToProblem().Errors!.Keys.ShouldBe(["size.linesAdded", "size.linesRemoved"], ignoreOrder: true);
        new SizeBudget(new SizeLimit(), null).Normalized().ShouldBeNull();
    }
}
