using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeLedger.Contracts;
using ChangeLedger.Contracts.Integrity;
using ChangeLedger.Tests.Support;
using Marten;
using Npgsql;

namespace ChangeLedger.Tests.Api;

/// <summary>The ledger written by 9b5145f (Fixtures/upgrade), before the write path was rewritten.</summary>
public sealed class UpgradingALedgerMadeBy9b5145f(LedgerMadeBy9b5145f app) : UpgradingALedger<LedgerMadeBy9b5145f>(app);

/// <summary>
/// The ledger written by 54d81b5 (Fixtures/upgrade-54d81b5): the first one's writes plus every event and stream kind
/// that landed since (attestations signed and not, incidents, merges, CDEvents by every correlation rule, releases
/// with artifacts, outside the gate and rolled back, environment policies, trust rules, signers, webhooks, log
/// checkpoints), before issue 25 changed the stored shapes.
/// </summary>
public sealed class UpgradingALedgerMadeBy54d81b5(LedgerMadeBy54d81b5 app) : UpgradingALedger<LedgerMadeBy54d81b5>(app);

/// <summary>
/// The ledger written by main 15cdadb (Fixtures/upgrade-15cdadb): the second one's writes plus a CDEvent of another
/// release's type version recorded unflagged, before issue 28 added <c>nonconforming</c> to the events CDEvents produce.
/// </summary>
public sealed class UpgradingALedgerMadeBy15cdadb(LedgerMadeBy15cdadb app) : UpgradingALedger<LedgerMadeBy15cdadb>(app);

public sealed class UpgradingALedgerMadeBy15cdadbThenWritingToIt(LedgerMadeBy15cdadb app) : UpgradingALedgerThenWritingToIt<LedgerMadeBy15cdadb>(app);

/// <summary>
/// The ledger written by main 4c8cb90 (Fixtures/upgrade-4c8cb90): the third one's writes plus policies stored as
/// <c>ReleasePolicySet</c> with every member at once and relaxed to none, a change judged under them, and a CDEvent
/// flagged nonconforming, before issue 25 wrote a policy's rules as a new event.
/// </summary>
public sealed class UpgradingALedgerMadeBy4c8cb90(LedgerMadeBy4c8cb90 app) : UpgradingALedger<LedgerMadeBy4c8cb90>(app);

public sealed class UpgradingALedgerMadeBy4c8cb90ThenWritingToIt(LedgerMadeBy4c8cb90 app) : UpgradingALedgerThenWritingToIt<LedgerMadeBy4c8cb90>(app);

/// <summary>
/// The ledger written by main 40da1de (Fixtures/upgrade-40da1de): the fourth one's writes plus a policy's rules
/// carried whole by <c>ReleasePolicyRulesSet</c> (every member, then none), a change judged under them, and CODEOWNERS
/// files imported in both dialects, before issue 29 added its rules' members.
/// </summary>
public sealed class UpgradingALedgerMadeBy40da1de(LedgerMadeBy40da1de app) : UpgradingALedger<LedgerMadeBy40da1de>(app);

public sealed class UpgradingALedgerMadeBy40da1deThenWritingToIt(LedgerMadeBy40da1de app) : UpgradingALedgerThenWritingToIt<LedgerMadeBy40da1de>(app);

/// <summary>
/// The ledger written by main 0d67f11 (Fixtures/upgrade-0d67f11): the fifth one's writes plus every workflow rule of
/// issue 29 in a policy, team definitions, freeze windows, criteria with ids and revised, evidence naming them, a
/// validation-first proof, diff sizes, a merge and an override of the new rules, and the audit of prod, before a
/// freeze window's start and end were recorded as events and checkpoints were taken incrementally.
/// </summary>
public sealed class UpgradingALedgerMadeBy0d67f11(LedgerMadeBy0d67f11 app) : UpgradingALedger<LedgerMadeBy0d67f11>(app);

public sealed class UpgradingALedgerMadeBy0d67f11ThenWritingToIt(LedgerMadeBy0d67f11 app) : UpgradingALedgerThenWritingToIt<LedgerMadeBy0d67f11>(app);

/// <summary>
/// The ledger written by main 8fb2cbb (Fixtures/upgrade-8fb2cbb): the sixth one's writes plus a freeze window's start
/// and end recorded as events by their scheduled messages, a weekly window removed with its edges still scheduled, and
/// checkpoints taken from the previous checkpoint's frontier, before the change document kept only the verdicts
/// decisions need and checkpoints committed to the repositories' release logs.
/// </summary>
public sealed class UpgradingALedgerMadeBy8fb2cbb(LedgerMadeBy8fb2cbb app) : UpgradingALedger<LedgerMadeBy8fb2cbb>(app);

public sealed class UpgradingALedgerMadeBy8fb2cbbThenWritingToIt(LedgerMadeBy8fb2cbb app) : UpgradingALedgerThenWritingToIt<LedgerMadeBy8fb2cbb>(app);

public sealed class UpgradingALedgerMadeBy9b5145fThenWritingToIt(LedgerMadeBy9b5145f app) : UpgradingALedgerThenWritingToIt<LedgerMadeBy9b5145f>(app);

public sealed class UpgradingALedgerMadeBy54d81b5ThenWritingToIt(LedgerMadeBy54d81b5 app) : UpgradingALedgerThenWritingToIt<LedgerMadeBy54d81b5>(app);

/// <summary>
/// A ledger written by an older version of the service (a folder under Fixtures/, made by its make-fixture.sh), restored
/// into a fresh database and opened by the code of the day: after its projections are rebuilt, every answer a user
/// checked back then is answered the same, the chains verify, and the exports handed out back then still verify.
/// One concrete class per fixture: the body is the same for every ledger kept.
/// </summary>
public abstract class UpgradingALedger<TLedger>(TLedger app) : IClassFixture<TLedger> where TLedger : UpgradedLedger, IUpgradeFixture
{
    public static TheoryData<string, int, string> CapturedAnswers()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var line in File.ReadLines(Path.Combine(UpgradedLedger.FolderOf(TLedger.Name), "expected", "index.tsv")).Skip(1))
        {
            var cells = line.Split('\t');
            data.Add(cells[0], int.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture), cells[2]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CapturedAnswers))]
    public async Task every_answer_of_the_old_ledger_reads_back_the_same(string file, int status, string path)
    {
        var response = await app.Client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        ((int)response.StatusCode).ShouldBe(status, $"GET {path}: {Encoding.UTF8.GetString(body)}\n{app.ServerErrors()}");
        var expected = await File.ReadAllBytesAsync(Path.Combine(app.Folder, "expected", file));

        switch (Path.GetExtension(file))
        {
            case ".csv":
                // A CSV export of a closed period is reproducible byte for byte (docs/exports.md).
                Encoding.UTF8.GetString(body).ShouldBe(Encoding.UTF8.GetString(expected), path);
                break;
            case ".ndjson":
                var (rows, manifest) = SplitManifest(body);
                var (expectedRows, expectedManifest) = SplitManifest(expected);
                Encoding.UTF8.GetString(rows).ShouldBe(Encoding.UTF8.GetString(expectedRows), path);
                Comparable(manifest, path).ShouldBe(Comparable(expectedManifest, path), path);
                break;
            default:
                // A ledger captured after issue 29 answered the evidence with its criteria: those must come back as they were.
                var criteriaCaptured = JsonNode.Parse(expected) is JsonObject captured && captured.ContainsKey("criteria");
                Comparable(body, path, criteriaCaptured).ShouldBe(Comparable(expected, path, criteriaCaptured), path);
                break;
        }
    }

    [Fact]
    public async Task the_upgraded_ledger_verifies_intact()
    {
        var report = await app.Get<VerificationReport>("/v1/integrity/verify");

        report.Breaks.ShouldBeEmpty();
        report.Intact.ShouldBeTrue();
        // 9b5145f took checkpoints over stream heads; 54d81b5 takes them over the append-only log. Each fixture holds
        // the kind its code took: every kind its verification reported then must be found again and still verify.
        var captured = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(app.Folder, "expected", "integrity.verify.json")))!;
        (captured["checkpoint"] ?? captured["log"]).ShouldNotBeNull("the fixture was captured without a checkpoint to verify");
        if (captured["checkpoint"] is not null) report.Checkpoint.ShouldNotBeNull().SignatureValid.ShouldBeTrue();
        if (captured["log"] is not null) report.Log.ShouldNotBeNull().SignatureValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("export.trail.ndjson")]
    [InlineData("export.trail.payments.ndjson")]
    public async Task a_trail_export_handed_out_before_the_upgrade_still_verifies_offline_with_the_published_key(string file)
    {
        using var key = await PublishedKey();
        await using var export = File.OpenRead(Path.Combine(app.Folder, "expected", file));

        var report = await TrailFileVerifier.Verify(export, key);

        report.Breaks.ShouldBeEmpty();
        report.Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_trail_export_of_the_old_period_made_after_the_upgrade_verifies_offline()
    {
        using var key = await PublishedKey();
        var path = app.CapturedPath("export.trail.ndjson");

        var report = await TrailFileVerifier.Verify(new MemoryStream(await app.Download(path)), key);

        report.Breaks.ShouldBeEmpty();
        report.Intact.ShouldBeTrue();
    }

    /// <summary>Release logs are a pure function of the stored releases: an old ledger needs no backfill to be audited and proven complete.</summary>
    [Fact]
    public async Task an_audit_of_the_releases_recorded_before_the_upgrade_proves_itself_complete_offline()
    {
        using var key = await PublishedKey();

        var text = await app.Client.GetStringAsync($"/v1/audits?environment=prod&from=2000-01-01T00:00:00Z&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}");
        var report = JsonSerializer.Deserialize<AuditReport>(text, LedgerApp.Json)!;

        report.Releases.ShouldNotBeNull().ShouldContain(r => r.ChangeId == "pay-101" && r.Repository == "github.com/acme/payments");
        report.Total.Releases.ShouldBe(report.Releases!.Count);
        ReleaseLog.Problems(report, text, key).ShouldBeEmpty();
        // The old ledger's checkpoints commit to no release-log heads; the one this audit took reads every release once and does.
        var proof = report.Completeness.ShouldNotBeNull();
        ReleaseHeads.Committed(SignedNote.Parse(proof.LedgerCheckpoint).ShouldNotBeNull()).ShouldNotBeNull();
        proof.Logs.ShouldAllBe(log => log.Head != null);
    }

    [Theory]
    [InlineData("pay-101", 1)]
    [InlineData("pay-102", 1)]
    [InlineData("led-201", 2)]
    public async Task a_release_recorded_before_the_upgrade_is_attested_under_the_published_key(string changeId, int release)
    {
        var published = await app.Get<JsonElement>("/v1/integrity/public-key");
        using var key = await PublishedKey();
        var envelope = await app.Get<DsseEnvelope>($"/v1/changes/{changeId}/releases/{release}/attestation");

        Dsse.Verify(envelope, id => id == published.GetProperty("keyId").GetString() ? key : null).ShouldBeTrue();
        JsonNode.Parse(envelope.PayloadBytes())!["subject"]![0]!["name"]!.GetValue<string>().ShouldStartWith("git+https://github.com/acme/");
    }

    [Fact]
    public async Task a_key_issued_before_the_upgrade_still_authenticates_and_a_revoked_one_does_not()
    {
        using var ci = app.ClientWith(app.IssuedKey("ci"));
        using var revoked = app.ClientWith(app.IssuedKey("dashboard (revoked)"));

        (await ci.GetAsync("/v1/changes/pay-101")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await revoked.GetAsync("/v1/changes/pay-101")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }

    private async Task<ECDsa> PublishedKey()
    {
        var published = await app.Get<JsonElement>("/v1/integrity/public-key");
        var key = ECDsa.Create();
        key.ImportFromPem(published.GetProperty("publicKeyPem").GetString());
        return key;
    }

    private static (byte[] Rows, byte[] Manifest) SplitManifest(byte[] file)
    {
        var lastLineStart = Array.LastIndexOf(file, (byte)'\n', file.Length - 2) + 1;
        return (file[..lastLineStart], file[lastLineStart..]);
    }

    /// <summary>
    /// The answer as a user compares it: JSON with members in a fixed order (member order carries no meaning in
    /// JSON and a rewrite may serialize in another), minus the few members that are legitimately not the same on
    /// every read. Nothing else is left out.
    /// </summary>
    private static string Comparable(byte[] json, string path, bool criteriaCaptured = false)
    {
        var node = JsonNode.Parse(json) ?? throw new ShouldAssertException($"GET {path} answered JSON null");
        // Since DSSE, a trail manifest is an envelope's payload; what it states must still be what the old ledger stated.
        if (node is JsonObject { } envelope && envelope["payloadType"]?.GetValue<string>() == TrailManifest.PayloadType)
            node = JsonNode.Parse(Convert.FromBase64String(envelope["payload"]!.GetValue<string>()))!;
        // Any other DSSE envelope (a release's in-toto attestation) is signed afresh on every read, and ECDSA signatures
        // are randomized: the statement it carries and the key ids it is signed under must be the same, not the bytes of
        // each `sig`. The new fixture's own test checks such a signature with the published key.
        else if (node is JsonObject { } signed && signed["payloadType"] is not null && signed["signatures"] is JsonArray signatures)
            node = new JsonObject
            {
                ["payloadType"] = signed["payloadType"]!.DeepClone(),
                ["payload"] = JsonNode.Parse(Convert.FromBase64String(signed["payload"]!.GetValue<string>())),
                ["keyids"] = new JsonArray([.. signatures.Select(sig => sig!["keyid"]?.DeepClone())]),
            };
        var pathOnly = path.Split('?')[0];
        var query = path.Contains('?', StringComparison.Ordinal) ? path.Split('?')[1] : "";
        // Since issue 26 a release attestation also names the release's artifacts as subjects, after the commit: the
        // statement must otherwise be what the old ledger stated, the commit subject first as it was.
        if (pathOnly.EndsWith("/attestation", StringComparison.Ordinal) && node["payload"]?["subject"] is JsonArray subjects)
            foreach (var artifact in subjects.Where(x => x?["digest"]?["sha256"] is not null).ToList()) subjects.Remove(artifact);
        // Since issue 29 the evidence lists the acceptance criteria with their ids: an old proposal's plain strings read as
        // AC-1, AC-2… in order; the rest of the answer must be what the old ledger answered.
        if (!criteriaCaptured && pathOnly.EndsWith("/evidence", StringComparison.Ordinal) && node is JsonObject evidence && evidence["criteria"] is JsonArray criteria)
        {
            criteria.Select(c => c!["id"]!.GetValue<string>()).ShouldBe([.. criteria.Select((_, i) => $"AC-{i + 1}")], path);
            evidence.Remove("criteria");
        }
        // The readiness dry run is evaluated at the moment it is asked: its evaluatedAt is that moment.
        if (pathOnly.EndsWith("/readiness", StringComparison.Ordinal)) node.AsObject().Remove("evaluatedAt");
        // Asked about "now", the release view judges hold expiry at the moment asked and says so in evaluatedAt;
        // asked as of a time or a version, evaluatedAt is that moment and must match.
        if (pathOnly.EndsWith("/release", StringComparison.Ordinal) && !query.Contains("asOf=", StringComparison.Ordinal)
            && !query.Contains("atVersion=", StringComparison.Ordinal)) node.AsObject().Remove("evaluatedAt");
        // Asked about "now", an environment says which moment it answers for in asOf: the moment asked (54d81b5 on).
        if (pathOnly.StartsWith("/v1/environments/", StringComparison.Ordinal) && !query.Contains("asOf=", StringComparison.Ordinal)
            && node is JsonObject environment) environment.Remove("asOf");
        // ECDSA signatures are randomized: a trail manifest is signed afresh on every download (docs/exports.md).
        // Its checkpoint's signature, made once and stored, is still compared, and the offline tests verify both.
        if (pathOnly.StartsWith("/v1/exports/trail", StringComparison.Ordinal)) node.AsObject().Remove("signature");
        return Sorted(node)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}

/// <summary>After the upgrade the ledger goes on: a new write extends an old chain, and the whole ledger still verifies.</summary>
public abstract class UpgradingALedgerThenWritingToIt<TLedger>(TLedger app) : IClassFixture<TLedger> where TLedger : UpgradedLedger, IUpgradeFixture
{
    [Fact]
    public async Task a_write_extends_an_old_change_and_the_ledger_still_verifies_intact()
    {
        await (await app.Post("/v1/changes/pay-104a/validations",
            new RecordValidationRequest("unit-tests", "e5e5e5e", ValidationOutcome.Passed, "github-actions", EventId: "after-upgrade-1"))).ShouldHaveStatus(201);

        var report = await app.Get<VerificationReport>("/v1/integrity/verify");

        report.Breaks.ShouldBeEmpty();
        report.Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_policy_set_after_the_upgrade_follows_the_old_events_in_their_stream_and_the_ledger_still_verifies()
    {
        const string url = "/v1/repositories/github.com%2Facme%2Fpayments/policy";
        var before = await app.Get<ReleasePolicy>(url);
        // The old code's events, as it stored them: release_policy_set before 4c8cb90, release_policy_rules_set since.
        var typesBefore = await PolicyEventTypes();
        typesBefore.Count.ShouldBe((int)before.Version);
        // The policy folded from the old events is the one in force: the same rules sent again record nothing.
        (await (await app.Put(url, new SetPolicyRequest(before.RequiredChecks, before.MinApprovals, before.GeneratedChangesNeedHumanReview, "carol")))
            .Read<ReleasePolicy>(200)).Version.ShouldBe(before.Version);

        var set = await (await app.Put(url, new SetPolicyRequest([.. before.RequiredChecks, "smoke"], 2, true, "carol", "after the upgrade",
            ExpectedVersion: before.Version, WithinDeclaredScope: true))).Read<ReleasePolicy>(201);

        set.Version.ShouldBe(before.Version + 1);
        (await app.Get<ReleasePolicy>(url)).ShouldBeEquivalentTo(set);
        (await app.Get<ReleasePolicy>($"{url}?asOf={Uri.EscapeDataString(before.SetAt!.Value.ToString("O"))}")).ShouldBeEquivalentTo(before);
        (await PolicyEventTypes()).ShouldBe([.. typesBefore, "release_policy_rules_set"]);
        var report = await app.Get<VerificationReport>("/v1/integrity/verify");
        report.Breaks.ShouldBeEmpty();
        report.Intact.ShouldBeTrue();
    }

    private async Task<List<string>> PolicyEventTypes()
    {
        await using var session = app.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(Policies.RepositoryPolicy.StreamKey("github.com/acme/payments"))).Select(e => e.EventTypeName)];
    }

    [Fact]
    public async Task a_ci_retry_of_a_write_made_before_the_upgrade_is_answered_from_its_old_receipt()
    {
        // Byte for byte the body make-fixture.sh sent with eventId run-101-propose.
        const string body = """{"changeId":"pay-101","repository":"github.com/acme/payments","title":"Retry card captures on timeout","headCommit":"a1a1a1a","baseCommit":"9f8e7d6","owner":"alice","submittedBy":"ci-bot","origin":{"kind":"generated","tool":"claude-code","model":"claude-sonnet-4","promptRef":"prompts/101","sessionId":"s-101","requestedBy":"alice"},"scope":{"includes":["src/capture/**"],"excludes":["src/ledger/**"]},"acceptanceCriteria":["a timed-out capture is retried at most 3 times","no capture is retried after a decline"],"eventId":"run-101-propose","occurredAt":"2026-03-02T09:00:00Z"}""";

        var response = await app.Client.PostAsync("/v1/changes", new StringContent(body, Encoding.UTF8, "application/json"));

        (await response.Read<WriteResult>(201)).ShouldBe(new WriteResult("pay-101", 1, Replayed: true));
    }
}

/// <summary>A kept ledger: the folder under Fixtures/ that holds its dump, keys and captured answers.</summary>
public interface IUpgradeFixture
{
    static abstract string Name { get; }
}

public sealed class LedgerMadeBy9b5145f(IMessageSink sink) : UpgradedLedger(sink, Name), IUpgradeFixture
{
    public static string Name => "upgrade";
}

/// <summary>
/// A ledger whose writes repeat the second fixture's (writes-since-9b5145f.sh): the service configured with the two
/// issuers those writes' trust rules and principals name, as make-fixture.sh configured them and as an operator upgrading
/// keeps their configuration. No read depends on them, and their provider is gone: nothing listens on that port now,
/// and no test sends a token.
/// </summary>
public abstract class UpgradedLedgerWithIssuers : UpgradedLedger
{
    protected UpgradedLedgerWithIssuers(IMessageSink sink, string name) : base(sink, name)
    {
        foreach (var (issuer, kind) in new[] { ("ci", "workload"), ("people", "person") })
        {
            Settings[$"Identity:Issuers:{issuer}:Issuer"] = $"http://127.0.0.1:5399/{issuer}";
            Settings[$"Identity:Issuers:{issuer}:Audiences:0"] = "changeledger";
            Settings[$"Identity:Issuers:{issuer}:RequireHttpsMetadata"] = "false";
            Settings[$"Identity:Issuers:{issuer}:Kind"] = kind;
        }
        Settings["Identity:Issuers:ci:Repository"] = "github.com/{repository}";
        Settings["Identity:Issuers:people:NameClaim"] = "preferred_username";
    }
}

public sealed class LedgerMadeBy54d81b5(IMessageSink sink) : UpgradedLedgerWithIssuers(sink, Name), IUpgradeFixture
{
    public static string Name => "upgrade-54d81b5";
}

public sealed class LedgerMadeBy15cdadb(IMessageSink sink) : UpgradedLedgerWithIssuers(sink, Name), IUpgradeFixture
{
    public static string Name => "upgrade-15cdadb";
}

public sealed class LedgerMadeBy4c8cb90(IMessageSink sink) : UpgradedLedgerWithIssuers(sink, Name), IUpgradeFixture
{
    public static string Name => "upgrade-4c8cb90";
}

public sealed class LedgerMadeBy40da1de(IMessageSink sink) : UpgradedLedgerWithIssuers(sink, Name), IUpgradeFixture
{
    public static string Name => "upgrade-40da1de";
}

public sealed class LedgerMadeBy0d67f11(IMessageSink sink) : UpgradedLedgerWithIssuers(sink, Name), IUpgradeFixture
{
    public static string Name => "upgrade-0d67f11";
}

public sealed class LedgerMadeBy8fb2cbb(IMessageSink sink) : UpgradedLedgerWithIssuers(sink, Name), IUpgradeFixture
{
    public static string Name => "upgrade-8fb2cbb";
}

/// <summary>
/// The service on a database restored from the fixture's dump (a ledger the old code wrote), configured with that
/// ledger's signing key and root key, with every projection rebuilt from the events before any test reads.
/// </summary>
public abstract class UpgradedLedger : LedgerApp
{
    public static string FolderOf(string name) => Path.Combine(PostgresServer.RepositoryRoot(), "tests", "ChangeLedger.Tests", "Fixtures", name);

    public string Folder { get; }

    protected UpgradedLedger(IMessageSink sink, string name) : base(sink)
    {
        Folder = FolderOf(name);
        AdminKey = File.ReadAllText(Path.Combine(Folder, "bootstrap-admin-key.txt")).Trim();
        Settings["Integrity:SigningKeyPem"] = File.ReadAllText(Path.Combine(Folder, "signing-key.pem"));
        // No scheduled checkpoint: the captured answers (latest checkpoint, event counts) are those of the old ledger.
        Settings["Integrity:CheckpointInterval"] = "00:00:00";
    }

    public string IssuedKey(string name) =>
        File.ReadLines(Path.Combine(Folder, "issued-keys.tsv")).Select(l => l.Split('\t')).Single(cells => cells[0] == name)[1];

    public string CapturedPath(string file) =>
        File.ReadLines(Path.Combine(Folder, "expected", "index.tsv")).Select(l => l.Split('\t')).Single(cells => cells[0] == file)[2];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var daemon = await Store.BuildProjectionDaemonAsync();
        // Every projection the code of the day registers, whatever its lifecycle: an upgrade is when they all rebuild.
        foreach (var projection in ((DocumentStore)Store).Options.Projections.All.Select(p => p.Name))
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(1), CancellationToken.None);
    }

    protected override bool StartsEmpty => true;

    /// <summary>Restores the dump with psql, as an operator would; any error in it fails the restore.</summary>
    protected override async Task BeforeStart()
    {
        var csb = new NpgsqlConnectionStringBuilder(ConnectionString);
        var psi = new ProcessStartInfo(Psql(), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", csb.Host!, "-p", csb.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", csb.Username!, "-d", csb.Database!])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["PGPASSWORD"] = csb.Password;
        using var psql = Process.Start(psi)!;
        var stdout = psql.StandardOutput.ReadToEndAsync();
        var stderr = psql.StandardError.ReadToEndAsync();
        await using (var dump = OpenDump())
        {
            await dump.CopyToAsync(psql.StandardInput.BaseStream);
        }
        psql.StandardInput.Close();
        await psql.WaitForExitAsync();
        if (psql.ExitCode != 0)
            throw new InvalidOperationException($"Restoring the upgrade fixture failed ({psql.ExitCode}): {await stderr}{await stdout}");
    }

    private Stream OpenDump()
    {
        var plain = Path.Combine(Folder, "ledger.sql");
        if (File.Exists(plain)) return File.OpenRead(plain);
        return new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress);
    }

    private static string Psql()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (File.Exists(Path.Combine(dir, "psql"))) return Path.Combine(dir, "psql");
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "psql")).Where(File.Exists).Order().LastOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException("No psql found on PATH or under /usr/lib/postgresql: the upgrade test restores its dump with it.");
    }
}
