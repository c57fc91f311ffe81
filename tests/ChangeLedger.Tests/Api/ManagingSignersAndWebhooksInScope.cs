using System.Net.Http.Json;
using System.Security.Cryptography;
using ChangeLedger.Access;
using ChangeLedger.Contracts;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// A scoped admin manages only the signers and webhook subscriptions that reach no further than its own repositories,
/// as with trust rules (ManagingTrustRules) and keys: anything else is unknown to it, to read, change or remove, and
/// stays as it was.
/// </summary>
public sealed class ManagingSignersAndWebhooksInScope(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public async Task a_scoped_admin_sees_changes_and_removes_only_its_own_signers_and_webhooks()
    {
        using var theirs = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var mine = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await (await app.Client.PutAsJsonAsync("/v1/access/signers/other-ci", new SignerRequest(theirs.ExportSubjectPublicKeyInfoPem(), ["github.com/other/*"], "their CI"), LedgerApp.Json))
            .ShouldHaveStatus(201);
        await (await app.Client.PutAsJsonAsync("/v1/integrations/webhooks/other-siem", new WebhookRequest("https://siem.example.com/other", ["github.com/other/*"], null, null, "their SIEM"), LedgerApp.Json))
            .ShouldHaveStatus(201);
        var scoped = app.ClientWith(await app.IssueKey("acme-admin", [Roles.Admin], "github.com/acme/*"));

        // Their own: created (201) and listed.
        await (await scoped.PutAsJsonAsync("/v1/access/signers/acme-ci", new SignerRequest(mine.ExportSubjectPublicKeyInfoPem(), ["github.com/acme/payments"], "our CI"), LedgerApp.Json))
            .ShouldHaveStatus(201);
        await (await scoped.PutAsJsonAsync("/v1/integrations/webhooks/acme-siem", new WebhookRequest("https://siem.example.com/acme", ["github.com/acme/*"], null, null, "our SIEM"), LedgerApp.Json))
            .ShouldHaveStatus(201);
        (await (await scoped.GetAsync("/v1/access/signers")).Read<List<SignerInfo>>(200)).Select(s => s.KeyId).ShouldBe(["acme-ci"]);
        (await (await scoped.GetAsync("/v1/integrations/webhooks")).Read<List<WebhookInfo>>(200)).Select(s => s.SubscriptionId).ShouldBe(["acme-siem"]);

        // Another's: unknown, whether read, taken over with a narrower scope, or removed.
        await (await scoped.GetAsync("/v1/access/signers/other-ci/trail")).ShouldBeProblem(404, "unknown-signer");
        await (await scoped.PutAsJsonAsync("/v1/access/signers/other-ci", new SignerRequest(mine.ExportSubjectPublicKeyInfoPem(), ["github.com/acme/payments"], "mine now"), LedgerApp.Json))
            .ShouldBeProblem(404, "unknown-signer");
        await (await scoped.DeleteAsync("/v1/access/signers/other-ci?reason=mine%20now")).ShouldBeProblem(404, "unknown-signer");
        await (await scoped.PutAsJsonAsync("/v1/integrations/webhooks/other-siem", new WebhookRequest("https://evil.example.com/", ["github.com/acme/*"], null, null, "mine now"), LedgerApp.Json))
            .ShouldBeProblem(404, "unknown-webhook");
        await (await scoped.DeleteAsync("/v1/integrations/webhooks/other-siem?reason=mine%20now")).ShouldBeProblem(404, "unknown-webhook");

        // Theirs stand as they were: one event each, unchanged.
        var signer = (await app.Get<List<SignerInfo>>("/v1/access/signers")).Single(x => x.KeyId == "other-ci");
        (signer.Version, signer.Repositories.Single(), signer.Revoked).ShouldBe((1L, "github.com/other/*", false));
        var webhook = (await app.Get<List<WebhookInfo>>("/v1/integrations/webhooks")).Single(w => w.SubscriptionId == "other-siem");
        (webhook.Version, webhook.Url, webhook.Removed).ShouldBe((1L, "https://siem.example.com/other", false));

        // Their own they remove; removing again answers it as it stands.
        (await (await scoped.DeleteAsync("/v1/integrations/webhooks/acme-siem?reason=replaced")).Read<WebhookInfo>(200)).ShouldSatisfyAllConditions(
            w => w.Removed.ShouldBeTrue(), w => w.Version.ShouldBe(2));
        (await (await scoped.DeleteAsync("/v1/integrations/webhooks/acme-siem?reason=replaced")).Read<WebhookInfo>(200)).Version.ShouldBe(2);
        (await (await scoped.DeleteAsync("/v1/access/signers/acme-ci?reason=rotated")).Read<SignerInfo>(200)).Revoked.ShouldBeTrue();
    }
}
