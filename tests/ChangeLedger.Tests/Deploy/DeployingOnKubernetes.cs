using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Deploy;

/// <summary>
/// deploy/k8s: a kustomize base and two overlays (dev; prod behind a TLS ingress). kubectl does not reach a cluster here:
/// each overlay is rendered and its objects validated against the Kubernetes schemas (kubernetes-models), and the fields
/// an operator relies on are checked (non-root, a key the pod can read, probes the service answers, limits, secrets by reference).
/// </summary>
public sealed class DeployingOnKubernetes(LedgerApp app) : IClassFixture<LedgerApp>
{
    private static readonly string[] OverlayNames = ["dev", "prod"];

    public static TheoryData<string> Overlays => new(OverlayNames);

    private static List<JsonObject> Rendered(string overlay) => Manifests.Render(Path.Combine(Manifests.K8s, "overlays", overlay));

    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task an_overlay_renders_to_objects_the_kubernetes_schemas_accept(string overlay)
    {
        var objects = Rendered(overlay);

        var failures = await Manifests.Validate(objects);

        failures.Where(f => f.Value is { Length: > 0 }).ShouldBeEmpty();
        // Only the CloudNativePG Cluster has no model in kubernetes-models; its operator validates it on apply.
        failures.Where(f => f.Value is null).Select(f => f.Key).ShouldBe(["Cluster/changeledger-db"]);
        objects.Select(Manifests.Id).ShouldBe(objects.Select(Manifests.Id).Distinct());
    }

    /// <summary>
    /// A cross-check of the test's renderer where a kubectl with kustomize 4 or later is installed: it renders each overlay
    /// to the same objects. Skipped (in CI too) without one: the renderer above is what every run relies on, and Debian
    /// bookworm's kubectl (1.20, kustomize 2) predates the overlays' <c>resources</c> of folders and <c>patches</c>.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Overlays))]
    public async Task kubectl_kustomize_renders_an_overlay_as_the_test_does(string overlay)
    {
        var kubectl = Tools.Find("kubectl");
        Skip.If(kubectl is null, "kubectl is not installed; the overlays are rendered by the test alone");
        var version = await Run(kubectl!, "version", "--client");
        Skip.IfNot(System.Text.RegularExpressions.Regex.IsMatch(version.Output, @"Kustomize Version: v([4-9]|\d\d)"),
            "kubectl's kustomize is older than 4 (Debian bookworm's kubectl 1.20); the overlays are rendered by the test alone");
        var folder = Path.Combine(Manifests.K8s, "overlays", overlay);
        var (exit, yaml) = await Run(kubectl!, "kustomize", folder);
        exit.ShouldBe(0, $"kubectl kustomize {folder}: {yaml}");

        var theirs = Manifests.Parse(yaml).ToDictionary(Manifests.Id, o => o.ToJsonString());
        var ours = Rendered(overlay).ToDictionary(Manifests.Id, o => o);

        theirs.Keys.ShouldBe(ours.Keys, ignoreOrder: true);
        foreach (var (id, json) in theirs) JsonNode.DeepEquals(JsonNode.Parse(json), ours[id]).ShouldBeTrue($"{id}:\n{json}\n{ours[id].ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task the_service_runs_probed_limited_read_only_as_user_1654_who_can_read_its_signing_key(string overlay)
    {
        var objects = Rendered(overlay);
        var deployment = objects.Single(o => (string?)o["kind"] == "Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var security = pod["securityContext"]!;
        security["runAsNonRoot"]!.GetValue<bool>().ShouldBeTrue();
        security["runAsUser"]!.GetValue<long>().ShouldBe(1654, "the image's user");
        var container = pod["containers"]!.AsArray().Single()!;
        container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>().ShouldBeTrue();
        container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>().ShouldBeFalse();
        container["resources"]!["limits"]!["memory"].ShouldNotBeNull();
        container["resources"]!["requests"]!["cpu"].ShouldNotBeNull();
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            var path = container[probe]!["httpGet"]!["path"]!.GetValue<string>();
            (await app.ClientWith(null).GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK, $"{probe} {path}");
        }
        container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>().ShouldBe("/health/ready");

        var env = container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!);
        foreach (var secret in new[] { "ConnectionStrings__Ledger", "Access__BootstrapAdminKey" })
            env[secret]!["valueFrom"]!["secretKeyRef"].ShouldNotBeNull($"{secret} comes from the Secret");
        env.Values.Select(e => e["value"]?.GetValue<string>() ?? "").ShouldAllBe(v => !v.Contains("Password=") && !v.StartsWith("cl_"));

        // The kubelet writes secret files owned by root: user 1654 reads the key through its group (fsGroup) or not at all.
        var keyFile = env["Integrity__SigningKeyFile"]["value"]!.GetValue<string>();
        var mount = container["volumeMounts"]!.AsArray().Single(m => keyFile.StartsWith(m!["mountPath"]!.GetValue<string>() + "/"))!;
        var volume = pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!["secret"]!;
        var mode = volume["items"]?.AsArray().SingleOrDefault(i => keyFile.EndsWith("/" + i!["path"]))?["mode"]?.GetValue<long>() ?? volume["defaultMode"]!.GetValue<long>();
        var group = security["fsGroup"]?.GetValue<long>();
        var readable = (mode & 0b100_000) != 0 && group is not null && (group == security["runAsGroup"]?.GetValue<long>() || group == 1654) || (mode & 0b100) != 0;
        readable.ShouldBeTrue($"mode {Convert.ToString(mode, 8)} with fsGroup {group?.ToString() ?? "unset"} keeps {keyFile} from user 1654");
        (mode & 0b111).ShouldBe(0, "other users cannot read the signing key");

        var budget = objects.Single(o => (string?)o["kind"] == "PodDisruptionBudget")["spec"]!;
        JsonNode.DeepEquals(budget["selector"]!["matchLabels"], deployment["spec"]!["selector"]!["matchLabels"]).ShouldBeTrue();
        objects.ShouldNotContain(o => (string?)o["kind"] == "Secret", "secret values are made by make-secret.sh, never committed");
    }

    [Fact]
    public void prod_runs_replicas_and_postgresql_instances_to_spare_and_believes_forwarded_headers_only_from_its_ingress()
    {
        var objects = Rendered("prod");
        var deployment = objects.Single(o => (string?)o["kind"] == "Deployment");
        deployment["spec"]!["replicas"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(2);
        objects.Single(o => (string?)o["kind"] == "PodDisruptionBudget")["spec"]!["minAvailable"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(1);
        objects.Single(o => (string?)o["kind"] == "Cluster")["spec"]!["instances"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(2);

        var ingress = objects.Single(o => (string?)o["kind"] == "Ingress")["spec"]!;
        var host = ingress["rules"]![0]!["host"]!.GetValue<string>();
        ingress["tls"]![0]!["hosts"]!.AsArray().Select(h => h!.GetValue<string>()).ShouldContain(host);
        var backend = ingress["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!;
        var service = objects.Single(o => (string?)o["kind"] == "Service" && o["metadata"]!["name"]!.GetValue<string>() == backend["name"]!.GetValue<string>());
        service["spec"]!["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldContain(backend["port"]!["name"]!.GetValue<string>());

        var env = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray()
            .Where(e => e!["name"]!.GetValue<string>().StartsWith("ForwardedHeaders__", StringComparison.Ordinal)).ToList();
        env.ShouldNotBeEmpty("behind the TLS ingress the service must believe its X-Forwarded-Proto");
        env.Select(e => e!["value"]!.GetValue<string>()).Where(v => !System.Net.IPNetwork.TryParse(v, out _) && !IPAddress.TryParse(v, out _)).ShouldBeEmpty();
    }

    [Fact]
    public void dev_runs_one_replica_on_one_postgresql_instance_without_backups()
    {
        var objects = Rendered("dev");
        objects.Single(o => (string?)o["kind"] == "Deployment")["spec"]!["replicas"]!.GetValue<long>().ShouldBe(1);
        var cluster = objects.Single(o => (string?)o["kind"] == "Cluster")["spec"]!.AsObject();
        cluster["instances"]!.GetValue<long>().ShouldBe(1);
        cluster.ContainsKey("backup").ShouldBeFalse();
        objects.ShouldNotContain(o => (string?)o["kind"] == "Ingress");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void the_schema_job_runs_db_apply_as_user_1654_with_the_connection_string_alone(string overlay)
    {
        var job = Rendered(overlay).Single(o => (string?)o["kind"] == "Job")["spec"]!["template"]!["spec"]!;
        job["securityContext"]!["runAsUser"]!.GetValue<long>().ShouldBe(1654);
        var container = job["containers"]!.AsArray().Single()!;
        container["args"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["db-apply"]);
        container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>().ShouldBeTrue();
        container["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ShouldBe(["ConnectionStrings__Ledger"]);
        (container["volumeMounts"] as JsonArray ?? []).ShouldBeEmpty("db-apply needs no signing key");
    }

    /// <summary>deploy/k8s/make-secret.sh: the Secret every reference of the manifests finds, with keys the service accepts.</summary>
    [SkippableFact]
    public async Task the_documented_command_makes_the_secret_the_manifests_read_with_keys_the_service_accepts()
    {
        var (secret, made) = await MakeSecret("Host=changeledger-db-rw;Port=5432;Database=changeledger;Username=changeledger;Password=s3cret");
        (await Manifests.Validate([secret]))["Secret/changeledger"].ShouldBe("");

        ChangeLedger.Access.KeySecret.TryParse(made["bootstrap-admin-key"], out _).ShouldBeTrue(made["bootstrap-admin-key"]);
        using var key = new ChangeLedger.Integrity.SigningKey(new ChangeLedger.Integrity.IntegritySettings { SigningKeyPem = made["signing-key.pem"] }, Path.GetTempPath());
        key.PublicKeyPem.ShouldStartWith("-----BEGIN PUBLIC KEY-----");
        made["connection-string"].ShouldEndWith("Password=s3cret");

        foreach (var overlay in OverlayNames)
            foreach (var reference in References(Rendered(overlay)).Where(r => !r.Optional))
            {
                reference.Secret.ShouldBe("changeledger");
                made.Keys.ShouldContain(reference.Key, $"{overlay} reads {reference.Key} from the Secret");
            }
        // Two runs never make the same keys.
        (await MakeSecret("Host=x")).Values["bootstrap-admin-key"].ShouldNotBe(made["bootstrap-admin-key"]);
    }

    private static async Task<(int Exit, string Output)> Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + (process.ExitCode == 0 ? "" : await errors));
    }

    /// <summary>Runs deploy/k8s/make-secret.sh: the Secret it prints, and its values decoded.</summary>
    internal static async Task<(JsonObject Secret, Dictionary<string, string> Values)> MakeSecret(string connectionString)
    {
        Tools.Require("openssl", "openssl (Debian: apt-get install openssl)");
        var start = new ProcessStartInfo(Path.Combine(Manifests.K8s, "make-secret.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CL_CONNECTION_STRING"] = connectionString;
        using var process = Process.Start(start)!;
        var yaml = await process.StandardOutput.ReadToEndAsync();
        var said = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, said);
        said.ShouldNotContain("cl_", Case.Sensitive, "the key is not printed where a CI log keeps it");
        var secret = Manifests.Parse(yaml).Single();
        var values = secret["data"]!.AsObject().ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(Convert.FromBase64String(p.Value!.GetValue<string>())));
        return (secret, values);
    }

    internal static IEnumerable<(string Secret, string Key, bool Optional)> References(IEnumerable<JsonObject> objects) =>
        objects.SelectMany(o => Descendants(o)).OfType<JsonObject>().Where(n => n["secretKeyRef"] is JsonObject).Select(n => n["secretKeyRef"]!)
            .Select(r => (r["name"]!.GetValue<string>(), r["key"]!.GetValue<string>(), r["optional"]?.GetValue<bool>() ?? false))
            .Concat(objects.SelectMany(o => Descendants(o)).OfType<JsonObject>().Where(n => n["secret"] is JsonObject { } s && s["secretName"] is not null)
                .SelectMany(n => n["secret"]!["items"]!.AsArray().Select(i => (n["secret"]!["secretName"]!.GetValue<string>(), i!["key"]!.GetValue<string>(), false))));

    private static IEnumerable<JsonNode> Descendants(JsonNode node) =>
        node switch
        {
            JsonObject o => o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
            JsonArray a => a.OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
            _ => [node],
        };
}
