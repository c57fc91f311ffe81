using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Integrity;
using ChangeLedger.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace ChangeLedger.Tests.Api.Integrity;

/// <summary>The service signing with key A, for a class that rotates to B.</summary>
public sealed class LedgerSigningWithKeyA : LedgerApp
{
    public static readonly ECDsa A = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public LedgerSigningWithKeyA(IMessageSink sink) : base(sink) => Settings["Integrity:SigningKeyPem"] = A.ExportPkcs8PrivateKeyPem();
}

public sealed class RotatingTheSigningKey(LedgerSigningWithKeyA app) : IClassFixture<LedgerSigningWithKeyA>
{
    [Fact]
    public async Task what_key_a_signed_still_verifies_after_the_ledger_rotates_to_key_b()
    {
        const string head = "4b1d2c3e5f60718293a4b5c6d7e8f90112233445";
        await (await app.Put("/v1/repositories/github.com%2Frotate%2Fapp/policy", new SetPolicyRequest([], 1, true, "sec-team"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes", Requests.Human("rot-1", head: head, repository: "github.com/rotate/app"))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rot-1/reviews", Requests.Review("rita", head))).ShouldHaveStatus(201);
        await (await app.Post("/v1/changes/rot-1/releases", Requests.Release())).ShouldHaveStatus(201);
        var checkpointA = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        var attestationA = await app.Get<DsseEnvelope>("/v1/changes/rot-1/releases/1/attestation");
        var exportA = await app.Download("/v1/exports/trail?repository=github.com/rotate/*");

        // The operator rotates: B becomes the signing key, and A's public half is kept as retired until the switch.
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var switchedAt = DateTimeOffset.UtcNow;
        await using var rotated = await app.StartHost(new Dictionary<string, string?>
        {
            ["Integrity:SigningKeyPem"] = b.ExportPkcs8PrivateKeyPem(),
            ["Integrity:SigningKeySince"] = switchedAt.ToString("O"),
            ["Integrity:RetiredKeys:0:PublicKeyPem"] = LedgerSigningWithKeyA.A.ExportSubjectPublicKeyInfoPem(),
            ["Integrity:RetiredKeys:0:Until"] = switchedAt.ToString("O"),
        });
        using var client = rotated.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminKey);

        var keys = (await client.GetFromJsonAsync<KeyList>("/v1/integrity/keys", LedgerApp.Json))!.Keys;
        var reportAfterRotation = await client.GetFromJsonAsync<VerificationReport>("/v1/integrity/verify", LedgerApp.Json);
        var checkpointB = await (await client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        var attestationB = await client.GetFromJsonAsync<DsseEnvelope>("/v1/changes/rot-1/releases/1/attestation", LedgerApp.Json);
        var exportB = await client.GetByteArrayAsync("/v1/exports/trail?repository=github.com/rotate/*");

        keys.Select(k => (k.KeyId, k.Current)).ShouldBe([(Signing.KeyId(b), true), (Signing.KeyId(LedgerSigningWithKeyA.A), false)]);
        keys[1].Until.ShouldBe(switchedAt);
        keys[0].From.ShouldBe(switchedAt);
        using var publishedA = Signing.PublicKey(keys.Single(k => k.KeyId == checkpointA.KeyId).PublicKeyPem);
        using var publishedB = Signing.PublicKey(keys.Single(k => k.KeyId == checkpointB.KeyId).PublicKeyPem);
        checkpointA.KeyId.ShouldNotBe(checkpointB.KeyId);

        reportAfterRotation!.Breaks.ShouldBeEmpty();
        reportAfterRotation.Log!.SignatureValid.ShouldBeTrue();
        SignedNote.Verify(SignedNote.Parse(checkpointA.Note)!, checkpointA.Note.Split('\n')[0], publishedA).ShouldBeTrue();
        SignedNote.Verify(SignedNote.Parse(checkpointB.Note)!, checkpointB.Note.Split('\n')[0], publishedB).ShouldBeTrue();
        Dsse.Verify(attestationA, id => keys.Any(k => k.KeyId == id) ? Signing.PublicKey(keys.Single(k => k.KeyId == id).PublicKeyPem) : null).ShouldBeTrue();
        Dsse.Verify(attestationB!, id => keys.Any(k => k.KeyId == id) ? Signing.PublicKey(keys.Single(k => k.KeyId == id).PublicKeyPem) : null).ShouldBeTrue();
        attestationA.Signatures.Single().KeyId.ShouldBe(checkpointA.KeyId);
        attestationB!.Signatures.Single().KeyId.ShouldBe(checkpointB.KeyId);
        (await TrailFileVerifier.Verify(new MemoryStream(exportA), publishedA)).Breaks.ShouldBeEmpty();
        // Exported after the rotation, but tied to the checkpoint A signed: verified with every published key.
        (await TrailFileVerifier.Verify(new MemoryStream(exportB), [publishedB, publishedA])).Breaks.ShouldBeEmpty();
        (await TrailFileVerifier.Verify(new MemoryStream(exportA), publishedB)).Intact.ShouldBeFalse();
    }

    [Theory]
    [InlineData("Until", "", "Until is missing")]
    [InlineData("PublicKeyPem", "not a key", "is not a PEM public key")]
    [InlineData("Until", "2099-01-01T00:00:00Z", "after the current key took over")]
    public void a_retired_key_configured_wrongly_stops_the_service_with_the_reason(string setting, string value, string reason)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Integrity:SigningKeyPem"] = LedgerSigningWithKeyA.A.ExportPkcs8PrivateKeyPem(),
            ["Integrity:SigningKeySince"] = "2026-11-30T12:00:00Z",
            ["Integrity:RetiredKeys:0:PublicKeyPem"] = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem(),
            ["Integrity:RetiredKeys:0:Until"] = "2026-11-30T12:00:00Z",
        };
        configuration[$"Integrity:RetiredKeys:0:{setting}"] = value;

        var ex = Should.Throw<InvalidOperationException>(() =>
            new SigningKey(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build().GetSection(IntegritySettings.Section).Get<IntegritySettings>()!, LedgerApp.ContentRoot));

        ex.Message.ShouldContain(reason);
        ex.Message.ShouldContain("Integrity:RetiredKeys:0");
    }
}
