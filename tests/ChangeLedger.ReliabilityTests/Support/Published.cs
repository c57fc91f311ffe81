using System.Diagnostics;

namespace ChangeLedger.ReliabilityTests.Support;

/// <summary>The service published once per run (from the build the tests already made) into a temporary folder.</summary>
public static class Published
{
    private static readonly Lazy<Task<string>> Folder = new(Publish);

    public static Task<string> Dll() => Folder.Value;

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ChangeLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("ChangeLedger.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<string> Publish()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var output = Path.Combine(Path.GetTempPath(), "changeledger-reliability", "service-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(RepositoryRoot(), "src", "ChangeLedger", "ChangeLedger.csproj");
        var (code, text) = await Shell.Run("dotnet", ["publish", project, "--no-build", "--no-restore", "-c", configuration, "-o", output, "-nologo", "-v", "q"],
            TimeSpan.FromMinutes(3));
        if (code != 0) throw new InvalidOperationException("dotnet publish failed: " + text);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(output, recursive: true);
        return Path.Combine(output, "ChangeLedger.dll");
    }
}

public static class Shell
{
    public static async Task<(int Code, string Output)> Run(string file, IEnumerable<string> args, TimeSpan bound, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
