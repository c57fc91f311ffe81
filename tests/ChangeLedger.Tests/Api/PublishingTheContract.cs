using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// contracts/openapi.json is what clients code against; it must be what the service serves. Run the tests with
/// UPDATE_CONTRACTS=1 to rewrite the file after an intended change, and review the diff.
/// </summary>
public sealed class PublishingTheContract(LedgerApp app) : IClassFixture<LedgerApp>
{
    private static readonly string ContractPath = Path.Combine(PostgresServer.RepositoryRoot(), "contracts", "openapi.json");

    [Fact]
    public async Task the_served_openapi_document_is_the_committed_contract()
    {
        var served = Normalize(await app.Client.GetStringAsync("/openapi/v1.json"));
        if (Environment.GetEnvironmentVariable("UPDATE_CONTRACTS") == "1") await File.WriteAllTextAsync(ContractPath, served);

        File.Exists(ContractPath).ShouldBeTrue("contracts/openapi.json is missing; run the tests once with UPDATE_CONTRACTS=1");
        var committed = Normalize(await File.ReadAllTextAsync(ContractPath));
        served.ShouldBe(committed, "the API changed without contracts/openapi.json: rerun with UPDATE_CONTRACTS=1 and commit the diff");
    }

    [Fact]
    public async Task the_contract_lists_every_ledger_endpoint()
    {
        var paths = JsonNode.Parse(await app.Client.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/v1/changes");
        paths.ShouldContain("/v1/changes/{changeId}");
        paths.ShouldContain("/v1/changes/{changeId}/trail");
        paths.ShouldContain("/v1/changes/{changeId}/releases");
        paths.ShouldContain("/v1/repositories/{repository}/policy");
        (await app.Client.GetAsync("/scalar/")).IsSuccessStatusCode.ShouldBeTrue();
    }

    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n") + "\n";
}
