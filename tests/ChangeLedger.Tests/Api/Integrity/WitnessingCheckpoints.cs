using System.Net;
using System.Net.Sockets;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;

namespace ChangeLedger.Tests.Api.Integrity;

/// <summary>The service with a directory witness and an HTTP witness on loopback that refuses its first delivery.</summary>
public sealed class WitnessedLedger : LedgerApp
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("changeledger-witness-").FullName;
    public HttpListener Listener { get; } = new();
    public List<string> Received { get; } = [];
    public int Refused { get; private set; }

    public WitnessedLedger(IMessageSink sink) : base(sink)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Listener.Prefixes.Add($"http://127.0.0.1:{port}/witness/");
        Listener.Start();
        _ = Task.Run(Serve);
        Settings["Integrity:Witness:Directory"] = Folder;
        Settings["Integrity:Witness:Url"] = $"http://127.0.0.1:{port}/witness/";
    }

    private async Task Serve()
    {
        while (Listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await Listener.GetContextAsync(); } catch (Exception) { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var note = await reader.ReadToEndAsync();
            lock (Received)
            {
                if (Refused == 0) { Refused++; context.Response.StatusCode = 503; }
                else { Received.Add(note); context.Response.StatusCode = 204; }
            }
            context.Response.Close();
        }
    }

    public override async Task DisposeAsync()
    {
        Listener.Stop();
        await base.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

public sealed class WitnessingCheckpoints(WitnessedLedger app) : IClassFixture<WitnessedLedger>
{
    [Fact]
    public async Task a_checkpoint_reaches_both_witnesses_and_a_tail_cut_off_with_its_checkpoints_is_reported_against_the_witness()
    {
        foreach (var id in new[] { "wit-1", "wit-2", "wit-3" })
            await (await app.Post("/v1/changes", Requests.Human(id))).ShouldHaveStatus(201);
        var checkpoint = await (await app.Client.PostAsync("/v1/integrity/checkpoints", null)).Read<LogCheckpoint>(201);
        var witnessed = await Poll.Until(() => File.Exists(Path.Combine(app.Folder, $"{checkpoint.TreeSize:D20}.checkpoint")) && app.Received.Contains(checkpoint.Note));
        var before = await app.Get<VerificationReport>("/v1/integrity/verify");

        // Cut off consistently: the newest change and every checkpoint go, chain heads and all, so the database alone
        // has nothing left to compare with.
        await app.Count("""
            delete from ledger.mt_events where stream_id in ('wit-3', '~integrity:checkpoints');
            delete from ledger.mt_streams where id in ('wit-3', '~integrity:checkpoints');
            delete from ledger.mt_doc_chainhead where id in ('wit-3', '~integrity:checkpoints');
            select 0
            """);
        var after = await app.Get<VerificationReport>("/v1/integrity/verify");

        witnessed.ShouldBeTrue();
        app.Refused.ShouldBe(1);
        (await File.ReadAllTextAsync(Path.Combine(app.Folder, $"{checkpoint.TreeSize:D20}.checkpoint"))).ShouldBe(checkpoint.Note);
        before.Breaks.ShouldBeEmpty();
        before.Witness!.Consistent.ShouldBeTrue();
        after.Intact.ShouldBeFalse();
        after.Log.ShouldBeNull();
        var cut = after.Breaks.Single();
        cut.Kind.ShouldBe("cut_off");
        cut.Detail.ShouldContain($"checkpoint of {checkpoint.TreeSize} events");
        after.Witness!.TreeSize.ShouldBe(checkpoint.TreeSize);
        after.Witness.LedgerSize.ShouldBe(checkpoint.TreeSize - 1);
    }
}
