using ChangeLedger.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// Docker does not run here: the Dockerfile and the compose file are parsed, and the fields an operator relies on are
/// checked (non-root, read-only, the key from a secret). The Kubernetes manifests: <see cref="Deploy.DeployingOnKubernetes"/>.
/// </summary>
public sealed class DeployingTheService
{
    private static readonly string Root = PostgresServer.RepositoryRoot();

    [Fact]
    public void the_image_is_built_in_stages_and_runs_chiseled_as_a_non_root_user_with_the_key_from_a_secret()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "deploy", "Dockerfile")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ")).ToList();
        stages.Count.ShouldBeGreaterThanOrEqualTo(2);
        // -extra carries tzdata: freeze windows name IANA zones, which the plain chiseled image does not have.
        stages[^1].ShouldStartWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra");
        var final = lines.SkipWhile(l => l != stages[^1]).ToList();
        final.ShouldContain(l => l.StartsWith("COPY --from=build"));
        var user = final.Last(l => l.StartsWith("USER ")).Split(' ')[1];
        user.ShouldNotBeOneOf("root", "0");
        int.TryParse(user, out _).ShouldBeTrue("a numeric user lets Kubernetes check runAsNonRoot");
        final.ShouldContain(l => l.Contains("Integrity__SigningKeyFile="));
        final.ShouldContain(l => l.Contains("ASPNETCORE_ENVIRONMENT=Production"));
        final.Last(l => l.StartsWith("ENTRYPOINT")).ShouldContain("\"ChangeLedger.dll\"");
    }

    [Fact]
    public void compose_runs_postgresql_the_migration_and_the_service_read_only_with_an_optional_collector()
    {
        var compose = Yaml.Load(Path.Combine(Root, "docker-compose.yml")).Single();
        var services = compose.Map("services");
        services.Keys.ShouldBe(["postgres", "migrate", "changeledger", "otel-collector"], ignoreOrder: true);
        services.Map("migrate").List("command").ShouldBe(["db-apply"]);
        // db-apply reads the connection string alone (a command is judged by the settings it reads): no key mounted.
        services.Map("migrate").Keys.ShouldNotContain("secrets");
        // A developer's own PostgreSQL on 5432 keeps its port: compose publishes its database on another, loopback only.
        var published = services.Map("postgres").List("ports").Single();
        published.ShouldStartWith("127.0.0.1:");
        published.ShouldNotStartWith("127.0.0.1:5432:");
        var service = services.Map("changeledger");
        service.Text("read_only").ShouldBe("true");
        service.Map("depends_on").Map("migrate").Text("condition").ShouldBe("service_completed_successfully");
        service.List("secrets").ShouldContain("changeledger-signing-key");
        service.Map("environment").Keys.ShouldNotContain("Integrity__SigningKeyPem");
        service.Map("environment").Text("Integrity__SigningKeyFile").ShouldBe("/run/secrets/changeledger-signing-key");
        services.Map("otel-collector").List("profiles").ShouldBe(["otel"]);
        File.Exists(Path.Combine(Root, "deploy", "otel-collector.yaml")).ShouldBeTrue();
    }
}

/// <summary>YAML as nested maps and lists, with accessors that fail naming the missing key.</summary>
internal static class Yaml
{
    public static IEnumerable<Dictionary<object, object>> Load(string path)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(File.ReadAllText(path)));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
            if (deserializer.Deserialize<Dictionary<object, object>>(parser) is { } document) documents.Add(document);
        return documents;
    }

    public static Dictionary<object, object> Map(this Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is Dictionary<object, object> map ? map : throw new ShouldAssertException($"no map '{key}' in {string.Join(", ", node.Keys)}");

    public static string Text(this Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is string text ? text : throw new ShouldAssertException($"no value '{key}' in {string.Join(", ", node.Keys)}");

    public static List<string> List(this Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is List<object> list ? list.Select(i => (string)i).ToList() : throw new ShouldAssertException($"no list '{key}'");

    public static IEnumerable<Dictionary<object, object>> Maps(this Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is List<object> list ? list.Cast<Dictionary<object, object>>() : throw new ShouldAssertException($"no list '{key}'");
}
