using System.Net.Http.Json;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// A review counts for whom it really is: a person signed in with their own login records verified reviews in their
/// own name only; a key records asserted ones; a policy can count only the verified.
/// </summary>
public sealed class VerifyingWhoReviewed(IdentityLedger app) : IClassFixture<IdentityLedger>, IAsyncLifetime
{
    private const string Repository = "github.com/acme/reviewed";

    public async Task InitializeAsync()
    {
        if (await app.EventCount("rev-strict") > 0) return;
        await app.Trust("payments-reviewers", app.People, new() { ["groups"] = "payments-reviewers" }, [Roles.Review, Roles.Read], ["github.com/acme/*"],
            "payments reviewers review with their own login");
        await app.Trust("payments-authors", app.People, new() { ["groups"] = "payments-authors" }, [Roles.Ingest], ["github.com/acme/*"],
            "authors propose their own changes");
        await (await app.Put($"/v1/repositories/{Uri.EscapeDataString(Repository)}/policy",
            new SetPolicyRequest([], 1, true, "sec-team", "reviews must be verified", RequireVerifiedReviewers: true))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("rev-strict", repository: Repository))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("rev-self", repository: Repository))).ShouldHaveStatus(201);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient SignedIn(string username, params string[] groups) =>
        app.ClientWithToken(app.Provider.Mint("people", IdentityLedger.Audience, OidcProvider.Person(username, groups)));

    [Fact]
    public async Task an_approval_by_the_signed_in_person_counts_and_the_same_name_asserted_through_a_key_does_not()
    {
        var reviewKey = app.ClientWith(await app.IssueKey("review-bot", [Roles.Review], Repository));
        await (await reviewKey.PostAsJsonAsync("/v1/changes/rev-strict/reviews", Requests.Review("erin", "c0ffee1"), LedgerApp.Json)).ShouldHaveStatus(201);

        var asserted = await app.Get<ReleaseVerdict>("/v1/changes/rev-strict/readiness?environment=prod");
        var approvals = asserted.Rules.Single(r => r.Rule == "min-approvals");
        approvals.Passed.ShouldBeFalse();
        approvals.Evidence.Single().Assurance.ShouldBe("asserted");
        approvals.Detail.ShouldContain("asserted, not verified");

        await (await SignedIn("erin", "payments-reviewers").PostAsJsonAsync("/v1/changes/rev-strict/reviews", Requests.Review("erin", "c0ffee1"), LedgerApp.Json))
            .ShouldHaveStatus(201);

        var verdict = await app.Get<ReleaseVerdict>("/v1/changes/rev-strict/readiness?environment=prod");
        var rule = verdict.Rules.Single(r => r.Rule == "min-approvals");
        rule.Passed.ShouldBeTrue();
        rule.Evidence.Select(e => e.Assurance).ShouldBe(["verified", "asserted"]);
        rule.Evidence[0].Detail!.ShouldContain($"verified: jwt:{app.People}#");
        var evidence = await app.Get<Evidence>("/v1/changes/rev-strict/evidence");
        evidence.Reviews.Select(r => (r.Reviewer, r.Assurance)).ShouldBe([("erin", "asserted"), ("erin", "verified")]);
    }

    [Fact]
    public async Task a_signed_in_person_cannot_record_a_review_in_someone_elses_name()
    {
        var before = await app.EventCount("rev-self");

        await (await SignedIn("erin", "payments-reviewers").PostAsJsonAsync("/v1/changes/rev-self/reviews", Requests.Review("frank", "c0ffee1"), LedgerApp.Json))
            .ShouldBeProblem(403, "reviewer-not-caller");

        (await app.EventCount("rev-self")).ShouldBe(before);
    }

    [Fact]
    public async Task a_person_outside_the_groups_a_rule_names_may_do_nothing()
    {
        await (await SignedIn("mallory", "contractors").GetAsync("/v1/changes/rev-self")).ShouldBeProblem(403, "no-trust-rule");
    }

    [Fact]
    public async Task the_verified_mark_and_the_principal_are_inside_the_hashed_event()
    {
        await (await SignedIn("gina", "payments-reviewers").PostAsJsonAsync("/v1/changes/rev-self/reviews", Requests.Review("gina", "c0ffee1"), LedgerApp.Json))
            .ShouldHaveStatus(201);
        var version = await app.EventCount("rev-self");

        await app.Count($"""
            update ledger.mt_events set data = data - 'verifiedAs' - 'assurance' where stream_id = 'rev-self' and version = {version}; select 1
            """);

        var report = await app.Get<ChangeLedger.Contracts.Integrity.VerificationReport>("/v1/integrity/verify?changeId=rev-self");
        report.Breaks.ShouldContain(b => b.Version == version && b.Kind == "changed");
    }

    [Fact]
    public async Task a_person_who_proposed_the_change_under_their_login_does_not_count_as_its_reviewer_whatever_name_the_body_gives()
    {
        var hana = SignedIn("hana", "payments-authors", "payments-reviewers");
        await (await hana.PostAsJsonAsync("/v1/changes", Requests.Human("rev-own", owner: "ivan", repository: Repository), LedgerApp.Json)).ShouldHaveStatus(201);

        await (await hana.PostAsJsonAsync("/v1/changes/rev-own/reviews", Requests.Review("hana", "c0ffee1"), LedgerApp.Json)).ShouldHaveStatus(201);

        var rule = (await app.Get<ReleaseVerdict>("/v1/changes/rev-own/readiness?environment=prod")).Rules.Single(r => r.Rule == "min-approvals");
        rule.Passed.ShouldBeFalse();
        rule.Detail.ShouldContain("hana (proposed the change: the same signed-in identity)");
    }
}
