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

    /// <summary>The full commit id a name (a branch, a tag, a short id) stands for; a usage error when it names no commit.</summary>
    public static async Task<string> Commit(string name, string? directory, CancellationToken ct) =>
        (await Ask(directory, ["rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}"], ct, $"'{name}' is not a commit here")).Trim();

    /// <summary>Where the working directory sits in its repository (git rev-parse --show-prefix), e.g. "src/" or "".</summary>
    public static async Task<string> Prefix(string? directory, CancellationToken ct) =>
        (await Ask(directory, ["rev-parse", "--show-prefix"], ct, "not inside a git repository")).Trim();

    /// <summary>The files of a commit a glob matches, from the repository's root (git pathspec :(glob): ** crosses directories, * does not).</summary>
    public static async Task<IReadOnlyList<string>> Files(string commit, string glob, string? directory, CancellationToken ct)
    {
        // ls-tree takes no pathspec magic; a diff from the empty tree lists the same files and does.
        var empty = (await Ask(directory, ["hash-object", "-t", "tree", "/dev/null"], ct, "cannot name the empty tree")).Trim();
        return (await Ask(directory, ["diff", "--name-only", "-z", "--no-renames", empty, commit, "--", ":(top,glob)" + glob], ct, $"cannot list the files of {commit}"))
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A file's bytes as a commit has them.</summary>
    public static async Task<byte[]> Blob(string commit, string path, string? directory, CancellationToken ct)
    {
        using var git = Process.Start(Start(directory, ["cat-file", "blob", $"{commit}:{path}"], input: false))!;
        using var bytes = new MemoryStream();
        var error = git.StandardError.ReadToEndAsync(ct);
        await git.StandardOutput.BaseStream.CopyToAsync(bytes, ct);
        await git.WaitForExitAsync(ct);
        return git.ExitCode == 0 ? bytes.ToArray() : throw new CliException(ExitCodes.Usage, $"`git cat-file blob {commit}:{path}` failed: {(await error).Trim()}");
    }

    /// <summary>A detached worktree of a commit at a new path; <see cref="RemoveWorktree"/> removes it and git's record of it.</summary>
    public static Task AddWorktree(string path, string commit, string? directory, CancellationToken ct) =>
        Ask(directory, ["worktree", "add", "--detach", "--quiet", path, commit], ct, $"cannot make a worktree of {commit}");

    public static Task RemoveWorktree(string path, string? directory) =>
        Ask(directory, ["worktree", "remove", "--force", path], CancellationToken.None, $"cannot remove the worktree {path}");

    private static async Task<string> Ask(string? directory, string[] args, CancellationToken ct, string failure)
    {
        try
        {
            var (exit, output, error) = await Run(directory, args, ct);
            return exit == 0 ? output : throw new CliException(ExitCodes.Usage, $"{failure}: `git {string.Join(' ', args)}` failed: {error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CliException(ExitCodes.Usage, $"git could not be run: {ex.Message}");
        }
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
