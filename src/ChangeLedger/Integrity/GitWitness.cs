using System.Diagnostics;
using ChangeLedger.Contracts.Integrity;

namespace ChangeLedger.Integrity;

/// <summary>
/// A git repository as a witness: Integrity:Witness:Git:Repository (created bare when missing) gets one commit per
/// checkpoint on Integrity:Witness:Git:Branch (default checkpoints), the note as the file <c>checkpoint</c>, so the
/// branch's history is every checkpoint handed over. Written with git's plumbing (hash-object, a private index,
/// commit-tree, update-ref with the old value), so a bare repository needs no work tree and two writers cannot lose a
/// commit: the loser fails and Wolverine retries it. A checkpoint the branch already holds, or one smaller than the
/// branch's, commits nothing (a retry, or a delivery overtaken by a later one). With Integrity:Witness:Git:Remote (a
/// URL or remote name) the branch is pushed after each commit; a failed push is retried with the delivery.
/// </summary>
public sealed class GitWitness(string repository, string branch, string? remote)
{
    public const string FileName = "checkpoint";

    public static GitWitness? From(WitnessSettings witnesses) =>
        witnesses.Git.Repository is { Length: > 0 } repository
            ? new GitWitness(Path.GetFullPath(repository), witnesses.Git.Branch is { Length: > 0 } b ? b : "checkpoints",
                witnesses.Git.Remote is { Length: > 0 } r ? r : null)
            : null;

    private string Ref => "refs/heads/" + branch;

    public async Task Commit(long treeSize, string note, CancellationToken ct)
    {
        if (!Directory.Exists(repository)) await Git(ct, null, "init", "--quiet", "--bare", repository);
        var parent = await Head(ct);
        if (parent is not null && SignedNote.Parse(await Git(ct, null, "show", $"{parent}:{FileName}")) is { } held && held.TreeSize >= treeSize)
        {
            if (remote is not null) await Git(ct, null, "push", "--quiet", remote, $"{Ref}:{Ref}");
            return;
        }
        var blob = (await Git(ct, note, "hash-object", "-w", "--stdin")).Trim();
        var index = Path.Combine(Path.GetTempPath(), "changeledger-witness-" + Guid.NewGuid().ToString("N") + ".index");
        try
        {
            var withIndex = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
            if (parent is not null) await Git(ct, null, withIndex, "read-tree", parent);
            await Git(ct, null, withIndex, "update-index", "--add", "--cacheinfo", $"100644,{blob},{FileName}");
            var tree = (await Git(ct, null, withIndex, "write-tree")).Trim();
            string[] parents = parent is null ? [] : ["-p", parent];
            var commit = (await Git(ct, null, ["commit-tree", tree, .. parents, "-m", $"checkpoint of {treeSize} events"])).Trim();
            // The old value makes this a compare-and-swap: a commit made meanwhile by another node is never overwritten.
            await Git(ct, null, "update-ref", Ref, commit, parent ?? new string('0', 40));
        }
        finally { File.Delete(index); }
        if (remote is not null) await Git(ct, null, "push", "--quiet", remote, $"{Ref}:{Ref}");
    }

    /// <summary>The newest checkpoint the branch holds, named by the commit that holds it; null when it holds none.</summary>
    public async Task<(string Path, string Note)?> Latest(CancellationToken ct)
    {
        if (!Directory.Exists(repository) || await Head(ct) is not { } head) return null;
        return ($"git:{repository}@{head[..12]}:{FileName}", await Git(ct, null, "show", $"{head}:{FileName}"));
    }

    private async Task<string?> Head(CancellationToken ct)
    {
        var (exit, output, _) = await Run(ct, null, null, "rev-parse", "--verify", "--quiet", Ref + "^{commit}");
        return exit == 0 ? output.Trim() : null;
    }

    private Task<string> Git(CancellationToken ct, string? input, params string[] arguments) => Git(ct, input, null, arguments);

    private async Task<string> Git(CancellationToken ct, string? input, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var (exit, output, error) = await Run(ct, input, environment, arguments);
        return exit == 0 ? output : throw new IOException($"git {arguments[0]} in the witness repository {repository} failed ({exit}): {error.Trim()}");
    }

    private async Task<(int Exit, string Output, string Error)> Run(CancellationToken ct, string? input, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        if (arguments[0] != "init") start.ArgumentList.Add("--git-dir=" + repository);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in new Dictionary<string, string>
                 {
                     ["GIT_AUTHOR_NAME"] = "ChangeLedger", ["GIT_AUTHOR_EMAIL"] = "changeledger@localhost",
                     ["GIT_COMMITTER_NAME"] = "ChangeLedger", ["GIT_COMMITTER_EMAIL"] = "changeledger@localhost",
                     ["GIT_TERMINAL_PROMPT"] = "0",
                 }.Concat(environment ?? new Dictionary<string, string>()))
            start.Environment[name] = value;
        using var git = Process.Start(start) ?? throw new IOException("git could not be started.");
        if (input is not null)
        {
            await git.StandardInput.WriteAsync(input);
            git.StandardInput.Close();
        }
        var output = git.StandardOutput.ReadToEndAsync(ct);
        var error = git.StandardError.ReadToEndAsync(ct);
        await git.WaitForExitAsync(ct);
        return (git.ExitCode, await output, await error);
    }
}
