using ChangeLedger.Changes;
using ChangeLedger.Contracts;
using ChangeLedger.Release;

namespace ChangeLedger.Tests.Decisions;

/// <summary>Every action from every status: allowed ones produce events, forbidden ones a 409 naming the status.</summary>
public sealed class StateMachineTests
{
    private static readonly DateTimeOffset Now = History.T0.AddDays(1);

    public static History At(ChangeStatus status)
    {
        var h = History.Of(History.Proposed());
        return status switch
        {
            ChangeStatus.Proposed => h,
            ChangeStatus.InReview => h.Then(History.Check("unit", "h1", ValidationOutcome.Passed)),
            ChangeStatus.Accepted => h.Then(History.Review("erin", "h1")),
            ChangeStatus.RevisionRequested => h.Then(History.Review("erin", "h1", ReviewDecision.RevisionRequested)),
            ChangeStatus.Rejected => h.Then(History.Review("erin", "h1", ReviewDecision.Rejected)),
            ChangeStatus.Split => h.Then(new ChangeSplit(History.Id, [new SplitChild("a", "a", Scope.Empty), new SplitChild("b", "b", Scope.Empty)], "alice", "too big", History.T0)),
            ChangeStatus.Withdrawn => h.Then(new ChangeWithdrawn(History.Id, "alice", "superseded", History.T0)),
            ChangeStatus.Released => h.Then(History.Review("erin", "h1")).Then(new ChangeReleased(History.Id, "staging", "1.0", "dave", 2, null, History.T0)),
            ChangeStatus.Merged => h.Then(History.Review("erin", "h1")).Then(new ChangeMerged(History.Id, "github", "m1", History.T0)),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
    }

    private static readonly ReleasePolicy Permissive = new("github.com/acme/payments", new PolicyRules { RequiredChecks = [], MinApprovals = 0, GeneratedChangesNeedHumanReview = false }) { Version = 1, SetBy = "admin" };

    private static readonly Dictionary<string, Func<History, Decision>> Actions = new()
    {
        ["revise"] = h => ReviseChange.Decide(h.Change, new(History.Id, "h2", "alice"), Now),
        ["validate"] = h => RecordValidation.Decide(h.Change, new(History.Id, "unit", "h1", ValidationOutcome.Passed, "gha"), Now),
        ["review"] = h => DecideReview.Decide(h.Change, new(History.Id, "erin", ReviewDecision.Accepted, "h1"), Now),
        ["split"] = h => SplitChange.Decide(h.Change, new(History.Id, [new("c1", "one", Scope.Empty), new("c2", "two", Scope.Empty)], "alice", "too big"), Now),
        ["withdraw"] = h => WithdrawChange.Decide(h.Change, new(History.Id, "alice", "not needed"), Now),
        ["place-hold"] = h => PlaceHold.Decide(h.Change, new(History.Id, "new-hold", HoldKind.Manual, "wait", "carol"), Now),
        ["transfer"] = h => TransferOwnership.Decide(h.Change, new(History.Id, "frank", "alice", "vacation"), Now),
        ["release"] = h => ReleaseChange.Decide(h.Change, h.Evidence, Permissive, new(History.Id, "prod", "1.0", "dave"), Now),
        ["merge"] = h => MergeChange.Decide(h.Change, new(History.Id, "github", "m1"), Now),
    };

    private static readonly ChangeStatus[] Open = [ChangeStatus.Proposed, ChangeStatus.InReview, ChangeStatus.Accepted, ChangeStatus.RevisionRequested];
    private static readonly ChangeStatus[] OpenOrReleased = [.. Open, ChangeStatus.Merged, ChangeStatus.Released];
    private static readonly ChangeStatus[] All = Enum.GetValues<ChangeStatus>();

    private static readonly Dictionary<string, ChangeStatus[]> AllowedFrom = new()
    {
        ["revise"] = Open,
        ["validate"] = OpenOrReleased,
        ["review"] = OpenOrReleased,
        ["split"] = Open,
        ["withdraw"] = Open,
        ["place-hold"] = OpenOrReleased,
        ["transfer"] = All,
        ["release"] = OpenOrReleased,
        ["merge"] = Open,
    };

    public static TheoryData<ChangeStatus, string, bool> Matrix()
    {
        var data = new TheoryData<ChangeStatus, string, bool>();
        foreach (var status in All)
            foreach (var (action, allowed) in AllowedFrom)
                data.Add(status, action, allowed.Contains(status));
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void each_action_is_allowed_or_refused_by_the_status(ChangeStatus status, string action, bool allowed)
    {
        var history = At(status);
        history.Change.Status.ShouldBe(status);

        var decision = Actions[action](history);

        if (allowed)
        {
            decision.Problem.ShouldBeNull();
            decision.Events.ShouldNotBeEmpty();
        }
        else if (action == "release")
        {
            // The gate still records its verdict; the release itself does not happen.
            decision.Events.OfType<ChangeReleased>().ShouldBeEmpty();
            var verdict = decision.Events.OfType<ReleaseVerdictRecorded>().Single().Verdict;
            verdict.Rules.Single(r => r.Rule == Verdict.StatusRule).Detail.ShouldContain(Wire.Status(status));
        }
        else
        {
            decision.Problem.ShouldNotBeNull();
            decision.Problem.Status.ShouldBe(409);
            decision.Problem.Detail.ShouldContain($"is {Wire.Status(status)}");
        }
    }

    [Theory]
    [InlineData(ReviewDecision.Accepted, ChangeStatus.Accepted)]
    [InlineData(ReviewDecision.RevisionRequested, ChangeStatus.RevisionRequested)]
    [InlineData(ReviewDecision.SplitRequested, ChangeStatus.InReview)]
    [InlineData(ReviewDecision.Rejected, ChangeStatus.Rejected)]
    public void a_review_on_the_head_commit_moves_the_status(ReviewDecision decision, ChangeStatus expected) =>
        History.Of(History.Proposed(), History.Review("erin", "h1", decision)).Change.Status.ShouldBe(expected);

    [Fact]
    public void a_review_on_an_older_commit_moves_no_status() =>
        History.Of(History.Proposed(), new ChangeRevised(History.Id, "h2", "h1", "alice", null, History.T0), History.Review("erin", "h1", ReviewDecision.Rejected))
            .Change.Status.ShouldBe(ChangeStatus.InReview);

    [Fact]
    public void a_revision_sends_an_accepted_change_back_to_review()
    {
        var accepted = At(ChangeStatus.Accepted);
        var revised = accepted.Then(ReviseChange.Decide(accepted.Change, new(History.Id, "h2", "alice"), Now).Events.Single());
        revised.Change.Status.ShouldBe(ChangeStatus.InReview);
        revised.Change.HeadCommit.ShouldBe("h2");
    }

    [Fact]
    public void the_first_validation_puts_a_proposed_change_in_review() =>
        At(ChangeStatus.InReview).Summary.Status.ShouldBe(ChangeStatus.InReview);

    [Fact]
    public void a_released_change_can_go_to_another_environment_but_not_the_same_one_twice()
    {
        var released = At(ChangeStatus.Released);
        ReleaseChange.Decide(released.Change, released.Evidence, Permissive, new(History.Id, "prod", "1.0", "dave"), Now)
            .Events.OfType<ChangeReleased>().ShouldHaveSingleItem();
        var again = ReleaseChange.Decide(released.Change, released.Evidence, Permissive, new(History.Id, "staging", "1.0", "dave", new ReleaseOverride("eve", "urgent")), Now);
        again.Events.ShouldBeEmpty();
        again.Problem!.Type.ShouldBe("already-released");
    }

    [Fact]
    public void a_hold_id_is_never_reused_and_an_unknown_hold_cannot_be_lifted()
    {
        var held = History.Of(History.Proposed(), History.Hold("h-1"));
        PlaceHold.Decide(held.Change, new(History.Id, "h-1", HoldKind.Manual, "again", "carol"), Now).Problem!.Type.ShouldBe("hold-exists");
        LiftHold.Decide(held.Change, new(History.Id, "nope", "carol", "done"), Now).Problem!.Status.ShouldBe(404);
        var lifted = held.Then(LiftHold.Decide(held.Change, new(History.Id, "h-1", "carol", "resolved"), Now).Events.Single());
        LiftHold.Decide(lifted.Change, new(History.Id, "h-1", "carol", "again"), Now).Problem!.Type.ShouldBe("hold-already-lifted");
    }

    [Fact]
    public void ownership_cannot_be_handed_to_the_current_owner() =>
        TransferOwnership.Decide(History.Of(History.Proposed()).Change, new(History.Id, "alice", "alice", "noop"), Now).Problem!.Type.ShouldBe("already-owner");

    [Fact]
    public void an_unknown_change_is_refused_with_404() =>
        RecordValidation.Decide(null, new("ghost", "unit", "h1", ValidationOutcome.Passed, "gha"), Now).Problem!.Status.ShouldBe(404);
}
