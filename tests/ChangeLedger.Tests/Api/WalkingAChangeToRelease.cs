using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// One generated change walked the way a CI pipeline and a reviewer would, asking the three questions after
/// every step: who owns it, what proved it, why was it released or held — now, and as of a moment in between.
/// </summary>
public sealed class WalkingAChangeToRelease(LedgerApp app) : IClassFixture<LedgerApp>
{
    private const string Id = "gh:acme.payments:482";
    private const string Url = "/v1/changes/" + Id;

    [Fact]
    public async Task the_ledger_answers_every_question_at_every_step()
    {
        await (await app.Post("/v1/changes", Requests.Generated(Id, head: "aaa111"))).ShouldHaveStatus(201);
        await (await app.Put("/v1/repositories/github.com%2Facme%2Fpayments/policy",
            new SetPolicyRequest(["unit-tests", "lint"], 1, true, "admin-ann", "payments needs tests and lint"))).ShouldHaveStatus(201);

        // Two checks on the first head; one fails.
        await (await app.Post(Url + "/validations", Requests.Check("unit-tests", "aaa111", ValidationOutcome.Failed))).ShouldHaveStatus(201);
        await (await app.Post(Url + "/validations", Requests.Check("lint", "aaa111", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        var evidence = await app.Get<Evidence>(Url + "/evidence");
        evidence.Checks.Single(c => c.Check == "unit-tests").LatestOnHead!.Outcome.ShouldBe(ValidationOutcome.Failed);
        var beforeRevision = (await app.Get<ChangeSummary>(Url)).LastRecordedAt;

        // Revised: the old runs go stale.
        await (await app.Post(Url + "/revisions", new ReviseChangeRequest("bbb222", "claude-code", "fix refund retry"))).ShouldHaveStatus(201);
        evidence = await app.Get<Evidence>(Url + "/evidence");
        evidence.HeadCommit.ShouldBe("bbb222");
        evidence.Checks.ShouldAllBe(c => c.LatestOnHead == null && c.StaleRuns.Count == 1);

        // Checks pass on the new head; an independent human accepts.
        await (await app.Post(Url + "/validations", Requests.Check("unit-tests", "bbb222", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await app.Post(Url + "/validations", Requests.Check("lint", "bbb222", ValidationOutcome.Passed))).ShouldHaveStatus(201);
        await (await app.Post(Url + "/reviews", Requests.Review("erin", "bbb222"))).ShouldHaveStatus(201);
        evidence = await app.Get<Evidence>(Url + "/evidence");
        evidence.Checks.ShouldAllBe(c => c.LatestOnHead!.Outcome == ValidationOutcome.Passed && c.LatestOnHead.Commit == "bbb222");
        evidence.Reviews.Single().Stale.ShouldBeFalse();
        (await app.Get<ChangeSummary>(Url)).Status.ShouldBe(ChangeStatus.Accepted);

        // Ownership moves to Frank.
        await (await app.Post(Url + "/ownership", new TransferOwnershipRequest("frank", "alice", "alice is on leave"))).ShouldHaveStatus(201);
        var ownership = await app.Get<OwnershipHistory>(Url + "/ownership");
        ownership.CurrentOwner.ShouldBe("frank");
        ownership.History.Select(h => (h.Owner, h.PreviousOwner, h.By)).ShouldBe([("alice", null, "ci-bot"), ("frank", "alice", "alice")]);
        ownership.History[1].Reason.ShouldBe("alice is on leave");

        // An incident hold: the release is refused, and the verdict says why.
        var hold = await (await app.Post(Url + "/holds", Requests.Hold("inc-7"))).Read<WriteResult>(201);
        hold.HoldId.ShouldBe("inc-7");
        var refused = await (await app.Post(Url + "/releases", Requests.Release())).Read<ReleaseOutcome>(409);
        refused.Released.ShouldBeFalse();
        refused.Verdict.Rules.Where(r => !r.Passed).Select(r => r.Rule).ShouldBe(["no-open-holds"]);
        var heldView = await app.Get<ReleaseView>(Url + "/release");
        heldView.OpenHolds.Single().Reason.ShouldBe("INC-7: payments degraded");
        heldView.LastVerdict!.Ready.ShouldBeFalse();
        heldView.Releases.ShouldBeEmpty();
        var whileHeld = (await app.Get<ChangeSummary>(Url)).LastRecordedAt;

        // Lifted, then released.
        await (await app.Post(Url + "/holds/inc-7/lift", new LiftHoldRequest("oncall-carol", "INC-7 resolved"))).ShouldHaveStatus(201);
        var released = await (await app.Post(Url + "/releases", Requests.Release())).Read<ReleaseOutcome>(201);
        released.Released.ShouldBeTrue();
        released.Verdict.Ready.ShouldBeTrue();

        var release = await app.Get<ReleaseView>(Url + "/release");
        release.Status.ShouldBe(ChangeStatus.Released);
        release.OpenHolds.ShouldBeEmpty();
        release.LiftedHolds.Single().Justification.ShouldBe("INC-7 resolved");
        release.Releases.Single().Environment.ShouldBe("prod");
        release.Releases.Single().VerdictVersion.ShouldBe(released.Version - 1);
        release.Verdicts.Count.ShouldBe(2);

        // As of a moment between steps, the ledger answers what it knew then.
        var then = await app.Get<Evidence>($"{Url}/evidence?asOf={Uri.EscapeDataString(beforeRevision.ToString("O"))}");
        then.HeadCommit.ShouldBe("aaa111");
        then.Checks.Single(c => c.Check == "unit-tests").LatestOnHead!.Outcome.ShouldBe(ValidationOutcome.Failed);
        var ownerThen = await app.Get<OwnershipHistory>($"{Url}/ownership?asOf={Uri.EscapeDataString(beforeRevision.ToString("O"))}");
        ownerThen.CurrentOwner.ShouldBe("alice");
        var releaseThen = await app.Get<ReleaseView>($"{Url}/release?asOf={Uri.EscapeDataString(whileHeld.ToString("O"))}");
        releaseThen.OpenHolds.Single().HoldId.ShouldBe("inc-7");
        releaseThen.Status.ShouldBe(ChangeStatus.Accepted);
        var atVersion2 = await app.Get<ChangeSummary>($"{Url}?atVersion=2");
        atVersion2.Version.ShouldBe(2);
        atVersion2.Status.ShouldBe(ChangeStatus.InReview);

        // The trail has every event in order, with actors and both clocks.
        var trail = await app.Get<AuditTrail>(Url + "/trail");
        trail.Events.Select(e => e.Type).ShouldBe([
            "change_proposed", "validation_recorded", "validation_recorded", "change_revised", "validation_recorded", "validation_recorded",
            "review_decided", "ownership_transferred", "hold_placed", "release_verdict_recorded", "hold_lifted",
            "release_verdict_recorded", "change_released"]);
        trail.Events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, 13).Select(i => (long)i));
        trail.Events[6].Actor.ShouldBe("erin");
        trail.Events.ShouldAllBe(e => e.RecordedAt >= e.OccurredAt.AddMinutes(-1));
        (await app.Get<AuditTrail>($"{Url}/trail?atVersion=4")).Events.Count.ShouldBe(4);
    }
}
