namespace ChangeLedger.Tests.Support;

/// <summary>
/// Third-party test data (the CDEvents specification's schemas and examples, the RFC 8785 vectors, reports as real
/// tools write them): never copied into the repository, read from <c>../shared/vendor/&lt;folder&gt;</c> beside it.
/// Where that folder is absent (a fresh clone) the test skips saying so; CI, where it is present, sets
/// <see cref="Required"/> so that a missing folder fails instead of skipping.
/// </summary>
public static class Vendor
{
    public const string Required = "CHANGELEDGER_REQUIRE_VENDOR";

    /// <summary>The folder's full path; skips the test (or, with <see cref="Required"/>=1, fails it) when it is absent.</summary>
    public static string Folder(string name)
    {
        var path = Path.GetFullPath(Path.Combine(PostgresServer.RepositoryRoot(), "..", "shared", "vendor", name));
        if (Directory.Exists(path)) return path;
        var missing = $"third-party test data ../shared/vendor/{name} is absent beside the repository (see the README's \"Conformance corpora\")";
        // Only Required decides here, not CI=true: a CI elsewhere may have no ../shared beside its clone.
        throw Tools.Missing(missing, inCi: Environment.GetEnvironmentVariable(Required) == "1");
    }

    /// <summary>Whether the folder is there, for test data listed before a test runs (an absent folder gives one row that skips).</summary>
    public static bool Has(string name) =>
        Directory.Exists(Path.Combine(PostgresServer.RepositoryRoot(), "..", "shared", "vendor", name));
}
