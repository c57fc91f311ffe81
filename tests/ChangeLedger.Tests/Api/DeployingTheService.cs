using System.Net;
using ChangeLedger.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace ChangeLedger.Tests.Api;

/// <summary>
/// Docker and kubectl do not run here: the Dockerfile, compose file and Kubernetes manifests are parsed, and the fields an
/// operator relies on are checked (non-root, read-only, probes the service answers, limits, replicas, secrets by reference).
/// </summary>
public sealed class DeployingTheService(LedgerApp app) : IClassFixture<LedgerApp>
{
    private static readonly string Root = PostgresServer.RepositoryRoot();

    [Fact]
    public void the_image_is_built_in_stages_and_runs_chiseled_as_a_non_root_user_with_the_key_from_a_secret()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "deploy", "Dockerfile")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ")).ToList();
        stages.Count.ShouldBeGreaterThanOrEqualTo(2);
        stages[^1].ShouldStartWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled");
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
        var service = services.Map("changeledger");
        service.Text("read_only").ShouldBe("true");
        service.Map("depends_on").Map("migrate").Text("condition").ShouldBe("service_completed_successfully");
        service.List("secrets").ShouldContain("changeledger-signing-key");
        service.Map("environment").Keys.ShouldNotContain("Integrity__SigningKeyPem");
        service.Map("environment").Text("Integrity__SigningKeyFile").ShouldBe("/run/secrets/changeledger-signing-key");
        services.Map("otel-collector").List("profiles").ShouldBe(["otel"]);
        File.Exists(Path.Combine(Root, "deploy", "otel-collector.yaml")).ShouldBeTrue();
    }

    [Fact]
    public async Task kubernetes_runs_two_replicas_probed_limited_read_only_with_secrets_by_reference()
    {
        var documents = Directory.GetFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml").SelectMany(Yaml.Load).ToList();
        var deployment = documents.Single(d => d.Text("kind") == "Deployment");
        var spec = deployment.Map("spec");
        int.Parse(spec.Text("replicas")).ShouldBeGreaterThanOrEqualTo(2);
        var pod = spec.Map("template").Map("spec");
        pod.Map("securityContext").Text("runAsNonRoot").ShouldBe("true");
        var labels = spec.Map("selector").Map("matchLabels");

        foreach (var container in pod.Maps("containers"))
        {
            container.Map("securityContext").Text("readOnlyRootFilesystem").ShouldBe("true");
            container.Map("securityContext").Text("allowPrivilegeEscalation").ShouldBe("false");
            container.Map("resources").Map("limits").Keys.ShouldContain("memory");
            container.Map("resources").Map("requests").Keys.ShouldContain("cpu");
            foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
            {
                var path = container.Map(probe).Map("httpGet").Text("path");
                // The probe paths are ones the service answers, anonymously.
                (await app.ClientWith(null).GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK, $"{probe} {path}");
            }
            container.Map("readinessProbe").Map("httpGet").Text("path").ShouldBe("/health/ready");
            var env = container.Maps("env").ToDictionary(e => e.Text("name"));
            foreach (var secret in new[] { "ConnectionStrings__Ledger", "Access__BootstrapAdminKey" })
            {
                env[secret].Keys.ShouldNotContain("value", $"{secret} is inlined");
                env[secret].Map("valueFrom").Keys.ShouldContain("secretKeyRef");
            }
            env.Values.Where(e => e.Keys.Contains("value")).ShouldAllBe(e => !e.Text("value").Contains("Password=") && !e.Text("value").StartsWith("cl_"));
            env["Integrity__SigningKeyFile"].Text("value").ShouldStartWith(container.Maps("volumeMounts").Single(m => m.Text("name") == "signing-key").Text("mountPath"));
        }
        pod.Maps("volumes").Single(v => v.Text("name") == "signing-key").Keys.ShouldContain("secret");

        var budget = documents.Single(d => d.Text("kind") == "PodDisruptionBudget").Map("spec");
        budget.Map("selector").Map("matchLabels").ShouldBe(labels);
        int.Parse(budget.Text("minAvailable")).ShouldBeGreaterThanOrEqualTo(1);

        var job = documents.Single(d => d.Text("kind") == "Job").Map("spec").Map("template").Map("spec");
        var migrate = job.Maps("containers").Single();
        migrate.List("args").ShouldBe(["db-apply"]);
        migrate.Map("securityContext").Text("readOnlyRootFilesystem").ShouldBe("true");
        migrate.Maps("env").Single(e => e.Text("name") == "ConnectionStrings__Ledger").Map("valueFrom").Keys.ShouldContain("secretKeyRef");

        var cluster = documents.Single(d => d.Text("kind") == "Cluster");
        cluster.Text("apiVersion").ShouldBe("postgresql.cnpg.io/v1");
        int.Parse(cluster.Map("spec").Text("instances")).ShouldBeGreaterThanOrEqualTo(2);
        documents.ShouldNotContain(d => d.Text("kind") == "Secret", "secret values are created with kubectl, never committed");
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
