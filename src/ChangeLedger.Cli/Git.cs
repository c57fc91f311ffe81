using System.Diagnostics;

namespace ChangeLedger.Cli;

/// <summary>The commit a CI job is building, when the user does not say: whatever `git rev-parse HEAD` answers here.</summary>
public static class Git
{
    public static async Task<string> Head(CancellationToken ct)
    {
        var start = new ProcessStartInfo("git", ["rev-parse", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var git = Process.Start(start)!;
            var output = await git.StandardOutput.ReadToEndAsync(ct);
            var error = await git.StandardError.ReadToEndAsync(ct);
            await git.WaitForExitAsync(ct);
            return git.ExitCode == 0 ? output.Trim() : throw new CliException(ExitCodes.Usage, $"No --commit given and `git rev-parse HEAD` failed: {error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CliException(ExitCodes.Usage, $"No --commit given and git could not be run: {ex.Message}");
        }
    }
}
