using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Deploy;

/// <summary>
/// The start path of the image and the prod manifests, without Docker: the environment deploy/Dockerfile sets (and its
/// base image), the env the Job and the Deployment add, values resolved from the Secret deploy/k8s/make-secret.sh makes,
/// and the signing key mounted as the kubelet would (a root-owned file, group fsGroup, the volume's mode), run as the
/// image's user 1654 (setpriv, when the tests run as root) from a folder that user cannot write, like a read-only /app.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StartingAsTheImageDoes
{
    private static readonly string Root = PostgresServer.RepositoryRoot();

    [SkippableFact]
    public async Task the_schema_job_then_the_service_start_as_user_1654_and_the_service_signs_with_the_key_of_the_secret()
    {
        var image = Image();
        var runAs = RunAs(image.User);
        await using var service = await ServiceDatabase.Empty();
        var (_, secret) = await DeployingOnKubernetes.MakeSecret(service.ConnectionString);
        var objects = Manifests.Render(Path.Combine(Manifests.K8s, "overlays", "prod"));
        var pod = Directory.CreateTempSubdirectory("changeledger-pod-").FullName;
        // The kubelet's volume folders are reachable by the pod's user; the files in them decide who reads what.
        File.SetUnixFileMode(pod, (UnixFileMode)0b111_101_101);
        var app = AppFolder(pod, runAs);
        service.AsContainer = (app, runAs);
        try
        {
            var job = objects.Single(o => (string?)o["kind"] == "Job")["spec"]!["template"]!["spec"]!;
            var (applied, said) = await service.Run(Environment(image, job, secret, pod), Args(job));
            applied.ShouldBe(0, said);

            var deployment = objects.Single(o => (string?)o["kind"] == "Deployment")["spec"]!["template"]!["spec"]!;
            using var client = await service.Serve(Environment(image, deployment, secret, pod));

            client.DefaultRequestHeaders.Authorization = new("Bearer", secret["bootstrap-admin-key"]);
            var published = await client.GetFromJsonAsync<JsonObject>("/v1/integrity/public-key");
            using var key = new ChangeLedger.Integrity.SigningKey(new ChangeLedger.Integrity.IntegritySettings { SigningKeyPem = secret["signing-key.pem"] }, pod);
            published!["publicKeyPem"]!.GetValue<string>().ShouldBe(key.PublicKeyPem);
        }
        finally
        {
            await service.StopAll();
            Directory.Delete(pod, recursive: true);
        }
    }

    /// <summary>The image's user and environment: its base image's, then the final stage's ENV lines of deploy/Dockerfile.</summary>
    private static (long User, Dictionary<string, string> Environment) Image()
    {
        var text = File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var final = text.Split('\n').Select(l => l.Trim()).SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", StringComparison.Ordinal)).ToList();
        final.ShouldNotBeEmpty("the final stage runs on the ASP.NET Core runtime image");
        final.Last(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)).ShouldBe("ENTRYPOINT [\"dotnet\", \"ChangeLedger.dll\"]");
        final.Last(l => l.StartsWith("WORKDIR", StringComparison.Ordinal)).ShouldBe("WORKDIR /app");
        // What mcr.microsoft.com/dotnet/aspnet sets for every container (and PATH, where dotnet is).
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{Path.GetDirectoryName(Tools.Require("dotnet", "the .NET SDK"))}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = "/home/app",
            ["APP_UID"] = "1654",
            ["ASPNETCORE_HTTP_PORTS"] = "8080",
            ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
        };
        foreach (var line in final.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
            foreach (var pair in line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        return (long.Parse(final.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))[5..]), environment);
    }

    /// <summary>
    /// A pod's container environment on top of the image's: each value, or the Secret's key it references; every secret
    /// volume mounted under <paramref name="pod"/> as the kubelet writes it, and paths into a mount moved there with it.
    /// </summary>
    private static Dictionary<string, string> Environment((long User, Dictionary<string, string> Environment) image, JsonNode pod, Dictionary<string, string> secret, string folder)
    {
        var container = pod["containers"]!.AsArray().Single()!;
        var mounts = new Dictionary<string, string>();
        foreach (var mount in container["volumeMounts"] as JsonArray ?? [])
        {
            var volume = pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount!["name"]!.GetValue<string>())!;
            if (volume["secret"] is not JsonObject source) continue;
            var path = mount!["mountPath"]!.GetValue<string>();
            var into = Path.Combine(folder, path.TrimStart('/'));
            Directory.CreateDirectory(into);
            foreach (var item in source["items"]!.AsArray())
                Mount(Path.Combine(into, item!["path"]!.GetValue<string>()), secret[item["key"]!.GetValue<string>()],
                    item["mode"]?.GetValue<long>() ?? source["defaultMode"]!.GetValue<long>(), pod["securityContext"]?["fsGroup"]?.GetValue<long>());
            mounts[path] = into;
        }
        var environment = new Dictionary<string, string>(image.Environment);
        foreach (var variable in container["env"]!.AsArray())
        {
            var name = variable!["name"]!.GetValue<string>();
            if (variable["valueFrom"]?["secretKeyRef"] is { } reference)
            {
                if (secret.TryGetValue(reference["key"]!.GetValue<string>(), out var value)) environment[name] = value;
                else (reference["optional"]?.GetValue<bool>() ?? false).ShouldBeTrue($"{name}: the Secret has no {reference["key"]}");
            }
            else
            {
                var value = variable["value"]!.GetValue<string>();
                var mount = mounts.Keys.FirstOrDefault(m => value.StartsWith(m + "/", StringComparison.Ordinal));
                environment[name] = mount is null ? value : mounts[mount] + value[mount.Length..];
            }
        }
        return environment;
    }

    private static string[] Args(JsonNode pod) =>
        pod["containers"]![0]!["args"] is JsonArray args ? args.Select(a => a!.GetValue<string>()).ToArray() : [];

    /// <summary>A file as the kubelet writes a secret's key: owned by root, group fsGroup, the volume's mode.</summary>
    private static void Mount(string path, string content, long mode, long? group)
    {
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        if (group is { } gid && IsRoot) Run("chown", $"0:{gid}", path);
    }

    /// <summary>
    /// The service's files in a folder the image's user can read but not write (the image's /app on a read-only root
    /// filesystem): the build output when that user can reach it, otherwise a copy.
    /// </summary>
    private static string AppFolder(string pod, IReadOnlyList<string> runAs)
    {
        var built = AppContext.BaseDirectory.TrimEnd('/');
        if (runAs.Count == 0 || Run(runAs[0], [.. runAs.Skip(1), "test", "-r", Path.Combine(built, "ChangeLedger.dll")]) == 0)
        {
            if (runAs.Count > 0) Run(runAs[0], [.. runAs.Skip(1), "test", "!", "-w", built]).ShouldBe(0, "the image's user cannot write its /app");
            return built;
        }
        var copy = Path.Combine(pod, "app");
        Run("cp", "-a", built, copy).ShouldBe(0);
        Run("chmod", "-R", "a+rX,go-w", copy).ShouldBe(0);
        return copy;
    }

    private static bool IsRoot => Output("id", "-u") == "0";

    /// <summary>The command that runs a program as the image's user: setpriv as root; otherwise the test cannot prove it.</summary>
    private static IReadOnlyList<string> RunAs(long user)
    {
        if (Output("id", "-u") == user.ToString()) return [];
        if (Output("id", "-u") != "0")
            throw Tools.Missing($"the start path runs as the image's user {user}, which needs root (setpriv)");
        var setpriv = Tools.Require("setpriv", "setpriv (Debian: util-linux)");
        return [setpriv, $"--reuid={user}", $"--regid={user}", "--clear-groups"];
    }

    private static int Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private static string Output(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}
