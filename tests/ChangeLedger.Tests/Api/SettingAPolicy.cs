using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

public sealed class SettingAPolicy(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_policy_put_under_a_percent_encoded_repository_governs_that_repositorys_changes()
    {
        await (await app.Put("/v1/repositories/github.com%2Facme%2Fledgerd/policy", new SetPolicyRequest(["unit-tests"], 1, true, "platform-team")))
            .ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("policy-enc-1", repository: "github.com/acme/ledgerd"))).ShouldHaveStatus(201);

        var verdict = await app.Get<ReleaseVerdict>("/v1/changes/policy-enc-1/readiness?environment=prod");

        verdict.PolicyRepository.ShouldBe("github.com/acme/ledgerd");
        verdict.PolicyVersion.ShouldBe(1);
        verdict.Rules.ShouldContain(r => r.Rule == "required-check:unit-tests" && !r.Passed);
    }

    [Fact]
    public async Task a_new_policy_answers_the_moment_the_ledger_recorded_it()
    {
        var created = await (await app.Put("/v1/repositories/set-at-repo/policy", new SetPolicyRequest(["unit-tests"], 1, true, "platform-team")))
            .Read<ReleasePolicy>(201);

        var read = await app.Get<ReleasePolicy>("/v1/repositories/set-at-repo/policy");

        created.SetAt.ShouldNotBeNull();
        created.SetAt.ShouldBe(read.SetAt);
    }
}
