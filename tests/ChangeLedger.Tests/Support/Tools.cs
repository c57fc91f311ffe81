namespace ChangeLedger.Tests.Support;

/// <summary>
/// Programs some tests drive that are not part of .NET (Debian's Chromium, its python3-securesystemslib, Node.js and npm,
/// setpriv). Outside CI a missing one skips the test, saying what to install; in CI (<c>CI=true</c>, or
/// <see cref="Vendor.Required"/>=1 as <c>.ci/run</c> sets) every test must run, so a missing one fails it.
/// </summary>
public static class Tools
{
    public static bool InCi =>
        Environment.GetEnvironmentVariable(Vendor.Required) == "1" || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The program's full path (a name is looked up on PATH); skips the test, or in CI fails it, when it is absent.</summary>
    public static string Require(string program, string install) =>
        Find(program) ?? throw Missing($"{program} is not installed: {install}");

    /// <summary>Skips the test outside CI, fails it in CI.</summary>
    public static Exception Missing(string why) => Missing(why, InCi);

    internal static Exception Missing(string why, bool inCi) =>
        inCi ? new InvalidOperationException($"{why}; CI runs every test, so it must be there.") : new SkipException(why + " (this test is skipped outside CI)");

    /// <summary>Skips the test (in CI fails it) unless Debian's /usr/bin/python3 can import the module.</summary>
    public static void RequirePythonModule(string module, string package)
    {
        var python = Require("/usr/bin/python3", "Debian's python3 (apt-get install python3)");
        var found = PythonModules.GetOrAdd(module, m =>
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(python, ["-c", $"import {m}"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        });
        if (!found) throw Missing($"Debian's python3 cannot import {module}: apt-get install {package}");
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> PythonModules = new();

    public static string? Find(string program)
    {
        if (Path.IsPathRooted(program)) return File.Exists(program) ? program : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
    }
}
