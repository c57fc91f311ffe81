using ChangeLedger.Integrity;
using ChangeLedger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeLedger.Tests.Api;

/// <summary>A test run leaves nothing in src/: a signing key left there would be picked up by the next ./run.sh.</summary>
public sealed class KeepingTheSourceTreeClean(LedgerApp app) : IClassFixture<LedgerApp>
{
    [Fact]
    public void the_test_host_keeps_its_signing_key_outside_the_repository()
    {
        var source = app.Host.Services.GetRequiredService<SigningKey>().Source;

        source.ShouldStartWith(LedgerApp.ContentRoot);
        source.ShouldNotContain(Path.Combine("src", "ChangeLedger"));
    }
}
