using System.Diagnostics;

namespace ChangeLedger.Cli;

/// <summary>
/// What the CLI asks git in the working directory: the commit a CI job is building when the user does not say
/// (`git rev-parse HEAD`), and, for a change's diff from its base, its changed paths, its size and its patch-id.
/// </summary>
public static class Git
{
    public static async Task<string> Head(CancellationToken ct, string? directory = null)
    {
        try
        {
            var (exit, output, error) = await Run(directory, ["rev-parse", "HEAD"], ct);
            return exit == 0 ? output.Trim() : throw new CliException(ExitCodes.Usage, $"No --commit given and `git rev-parse HEAD` failed: {error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CliException(ExitCodes.Usage, $"No --commit given and git could not be run: {ex.Message}");
        }
    }

    /// <summary>The patch-id, changed paths and size of the change's own diff, <c>git diff base...head</c> (from their merge base).</summary>
    public sealed record DiffFacts(string? PatchId, IReadOnlyList<string> ChangedPaths, Contracts.DiffSizeBody Size);

    public static async Task<DiffFacts> Diff(string @base, string head, string? directory, CancellationToken ct)
    {
        try
        {
            var range = $"{@base}...{head}";
            // -z: paths exactly as stored, never quoted or escaped, whatever characters they hold.
            var (exit, names, error) = await Run(directory, ["diff", "--name-only", "-z", range], ct);
            if (exit != 0) throw new CliException(ExitCodes.Usage, $"`git diff --name-only {range}` failed: {error.Trim()}");
            var (numstatExit, numstat, numstatError) = await Run(directory, ["diff", "--numstat", "-z", range], ct);
            if (numstatExit != 0) throw new CliException(ExitCodes.Usage, $"`git diff --numstat {range}` failed: {numstatError.Trim()}");
            return new DiffFacts(await PatchId(range, directory, ct), names.Split('\0', StringSplitOptions.RemoveEmptyEntries), Size(numstat));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CliException(ExitCodes.Usage, $"--from-git needs git, which could not be run: {ex.Message}");
        }
    }

    /// <summary>
    /// Files, lines added and lines removed from <c>git diff --numstat -z</c>: one record per file, "added\tremoved\tpath\0",
    /// or for a rename "added\tremoved\t\0old\0new\0" (one file); a binary file's counts are "-" and count no lines.
    /// </summary>
    public static Contracts.DiffSizeBody Size(string numstat)
    {
        var (files, added, removed) = (0, 0L, 0L);
        var fields = numstat.Split('\0');
        for (var i = 0; i < fields.Length; i++)
        {
            var parts = fields[i].Split('\t', 3);
            if (parts.Length < 3) continue;
            files++;
            added += long.TryParse(parts[0], out var a) ? a : 0;
            removed += long.TryParse(parts[1], out var r) ? r : 0;
            if (parts[2].Length == 0) i += 2;
        }
        return new Contracts.DiffSizeBody(files, (int)Math.Min(added, int.MaxValue), (int)Math.Min(removed, int.MaxValue));
    }

    /// <summary>
    /// <c>git diff base...head | git patch-id --stable</c>, streamed from one process into the other so that a large
    /// diff is never held in memory. An empty diff has no patch-id (null).
    /// </summary>
    private static async Task<string?> PatchId(string range, string? directory, CancellationToken ct)
    {
        using var diff = Process.Start(Start(directory, ["diff", range], input: false))!;
        using var patchId = Process.Start(Start(directory, ["patch-id", "--stable"], input: true))!;
        var diffError = diff.StandardError.ReadToEndAsync(ct);
        var output = patchId.StandardOutput.ReadToEndAsync(ct);
        var patchIdError = patchId.StandardError.ReadToEndAsync(ct);
        await diff.StandardOutput.BaseStream.CopyToAsync(patchId.StandardInput.BaseStream, ct);
        patchId.StandardInput.Close();
        await Task.WhenAll(diff.WaitForExitAsync(ct), patchId.WaitForExitAsync(ct));
        if (diff.ExitCode != 0) throw new CliException(ExitCodes.Usage, $"`git diff {range}` failed: {(await diffError).Trim()}");
        if (patchId.ExitCode != 0) throw new CliException(ExitCodes.Usage, $"`git patch-id --stable` failed: {(await patchIdError).Trim()}");
        // One line per commit-less patch: "<patch-id> 0000…"; the patch-id is the first word.
        var line = (await output).Trim();
        return line.Length == 0 ? null : line.Split(' ')[0];
    }

    private static async Task<(int Exit, string Output, string Error)> Run(string? directory, string[] args, CancellationToken ct)
    {
        using var git = Process.Start(Start(directory, args, input: false))!;
        var output = git.StandardOutput.ReadToEndAsync(ct);
        var error = git.StandardError.ReadToEndAsync(ct);
        await git.WaitForExitAsync(ct);
        return (git.ExitCode, await output, await error);
    }

    private static ProcessStartInfo Start(string? directory, string[] args, bool input) =>
        new("git", args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input,
            WorkingDirectory = directory ?? "",
        };
}
