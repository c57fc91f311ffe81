using System.Diagnostics;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Integrity;

/// <summary>The service with a git witness: a bare repository in a temporary folder, pushed to a second bare one.</summary>
public sealed class GitWitnessedLedger : LedgerApp
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("changeledger-git-witness-").FullName;
    public string Repository => Path.Combine(Folder, "witness.git");
    public string Mirror => Path.Combine(Folder, "mirror.git");

    public GitWitnessedLedger(IMessageSink sink) : base(sink)
    {
        Git(Folder, "init", "--quiet", "--bare", Mirror);
        Settings["Integrity:Witness:Git:Repository"] = Repository;
        Settings["Integrity:Witness:Git:Remote"] = Mirror;
    }

    /// <summary>What the git command line says, for the assertions: nothing here reads the repository another way.</summary>
    public static string Git(string gitDir, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (arguments[0] != "init") start.ArgumentList.Add("--git-dir=" + gitDir);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? output : $"(git failed: {error.Trim()})";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

public sealed class WitnessingInGit(GitWitnessedLedger app) : IClassFixture<GitWitnessedLedger>
{
    [Fact]
    public async Task each_checkpoint_is_a_commit_in_the_witness_repository_and_its_remote_and_a_cut_off_tail_is_reported_against_it()
    {
        await (await app.Post("/v1/changes", Requests.Human("git-wit-1"))).ShouldHaveStatus(201);
        var first = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        (await Poll.Until(() => Show(app.Repository) == first.Note)).ShouldBeTrue("the first checkpoint never reached the git witness");
        await (await app.Post("/v1/changes", Requests.Human("git-wit-2"))).ShouldHaveStatus(201);
        var second = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        (await Poll.Until(() => Show(app.Mirror) == second.Note)).ShouldBeTrue("the second checkpoint never reached the mirror");
        var before = await app.Get<VerificationReport>("/v1/integrity/verify");

        await app.Count("""
            delete from ledger.mt_events where stream_id in ('git-wit-2', '~integrity:checkpoints');
            delete from ledger.mt_streams where id in ('git-wit-2', '~integrity:checkpoints');
            delete from ledger.mt_doc_chainhead where id in ('git-wit-2', '~integrity:checkpoints');
            select 0
            """);
        var after = await app.Get<VerificationReport>("/v1/integrity/verify");

        GitWitnessedLedger.Git(app.Repository, "log", "--format=%s", "checkpoints").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ShouldBe([$"checkpoint of {second.TreeSize} events", $"checkpoint of {first.TreeSize} events"]);
        GitWitnessedLedger.Git(app.Repository, "show", $"checkpoints~1:checkpoint").ShouldBe(first.Note);
        Show(app.Mirror).ShouldBe(second.Note);
        before.Breaks.ShouldBeEmpty();
        before.Witness!.Witness.ShouldStartWith("git:");
        before.Witness.TreeSize.ShouldBe(second.TreeSize);
        after.Breaks.Single().Kind.ShouldBe("cut_off");
        after.Witness!.TreeSize.ShouldBe(second.TreeSize);
        after.Witness.LedgerSize.ShouldBeLessThan(second.TreeSize);
    }

    private static string Show(string repository) => GitWitnessedLedger.Git(repository, "show", "checkpoints:checkpoint");
}
